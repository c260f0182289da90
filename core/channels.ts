// The channels Herald sends on. Email is real; the others go through the same gateway
// interface and become real as their gateways land.
import { z } from 'zod';

export const Channel = z.enum(['email', 'sms', 'push', 'viber', 'webhook']);
export type Channel = z.infer<typeof Channel>;
