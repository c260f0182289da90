// Push devices of a customer: /v1/customers/{id}/devices, and the JS tracker's web-push token.
import { z } from 'zod';
import { DevicePlatform } from '../push-gateways.ts';
import { Timestamp } from './common.ts';

/** FCM, Huawei and web tokens are URL-safe text; APNs tokens are hex (64 digits today). */
const TOKEN = /^[A-Za-z0-9_:.-]+$/;
const APNS_TOKEN = /^[0-9a-fA-F]{64,200}$/;

export const RegisterDevice = z
  .strictObject({
    platform: DevicePlatform,
    token: z
      .string()
      .min(8, 'give the token the platform issued to the app or browser')
      .max(4096, 'a device token is at most 4,096 characters')
      .regex(TOKEN, 'a device token: letters, digits and _ : . - only'),
    /** The app's bundle or package ID (or the site) the token belongs to. */
    appId: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9._:/-]*$/, 'a bundle or package ID, e.g. "com.shop.app"')
      .optional(),
  })
  .refine((d) => d.platform !== 'apns' || APNS_TOKEN.test(d.token), {
    message: 'an APNs device token is hexadecimal (64 digits)',
    path: ['token'],
  });
export type RegisterDevice = z.infer<typeof RegisterDevice>;

export const Device = z.object({
  id: z.uuid(),
  platform: DevicePlatform,
  token: z.string(),
  appId: z.string(),
  active: z.boolean(),
  lastSeenAt: Timestamp,
  /** Why the device stopped receiving pushes: the provider's words ("UNREGISTERED"), or a deletion. */
  deactivatedReason: z.string().nullable(),
  deactivatedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Device = z.infer<typeof Device>;

export const DeviceAnswer = z.object({ device: Device });
export type DeviceAnswer = z.infer<typeof DeviceAnswer>;
export const Devices = z.object({ devices: z.array(Device) });
export type Devices = z.infer<typeof Devices>;

export const DeviceParams = z.object({
  id: z.uuid('use a Herald customer ID (a UUID)'),
  deviceId: z.uuid('use a device ID (a UUID) from GET /v1/customers/{id}/devices'),
});
export type DeviceParams = z.infer<typeof DeviceParams>;
