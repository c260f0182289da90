// The contact policy through the api (schemas in core/contact-policy.ts).
import { z } from 'zod';
import { ContactPolicy } from '../contact-policy.ts';

export { ContactPolicy };
export const ContactPolicyAnswer = z.object({
  policy: ContactPolicy,
  /** Customers in the global control group now (the view global_control_group). */
  controlGroupSize: z.number(),
});
export type ContactPolicyAnswer = z.infer<typeof ContactPolicyAnswer>;
