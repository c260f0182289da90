// Push providers as gateways: Firebase Cloud Messaging (HTTP v1, through firebase-admin), Apple
// Push Notification service (token auth, through @parse/node-apn) and Huawei Push Kit (its REST
// API). Declared here and joined to the others in core/gateways.ts. Each names the device
// platforms it can reach: a customer's device is sent through a gateway that serves its platform.
import { z } from 'zod';

export const DevicePlatform = z.enum(['fcm', 'apns', 'huawei', 'web'], {
  error: 'platform is one of fcm (Android), apns (iOS), huawei (HMS) or web (web push through FCM)',
});
export type DevicePlatform = z.infer<typeof DevicePlatform>;

/** The platforms each push provider reaches: FCM also carries web push. */
export const providerPlatforms = {
  fcm: ['fcm', 'web'],
  apns: ['apns'],
  huawei: ['huawei'],
} as const satisfies Record<string, DevicePlatform[]>;

const pem = (what: string, example: string) =>
  z
    .string()
    .max(20_000)
    .regex(/-----BEGIN [A-Z ]+-----/, `${what} in PEM ("${example}")`);
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .max(2000, 'keep the URL under 2,000 characters');
const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port, e.g. "fcm-proxy.internal:443"');
const seconds = (fallback: number, max: number) =>
  z.number().int().min(1).max(max).default(fallback);

export const FcmSettings = z.strictObject({
  /** How long a send may wait for FCM before it counts as "unknown" (firebase-admin stops at 15). */
  timeoutSeconds: seconds(10, 15),
  /**
   * Connect to this address instead of Google's (an egress proxy, a test peer): TLS still names
   * and verifies fcm.googleapis.com and oauth2.googleapis.com.
   */
  connectTo: hostPort.optional(),
  /** A further CA to trust for those connections (a proxy's or a test CA), in PEM. */
  caCertificate: pem('a CA certificate', '-----BEGIN CERTIFICATE-----...').optional(),
});
export const FcmCredentials = z.strictObject({
  /** The service account's JSON key from the Firebase console (Project settings, Service accounts). */
  serviceAccount: z
    .object({
      project_id: z.string().min(1, 'the key file names its project_id').max(100),
      client_email: z.email('the key file names its client_email'),
      private_key: pem('the key file holds its private_key', '-----BEGIN PRIVATE KEY-----...'),
    })
    .catchall(z.string().max(2000)),
});

export const ApnsSettings = z.strictObject({
  /** The app's bundle ID: APNs' topic. */
  topic: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'the bundle ID, e.g. "com.shop.app"')
    .max(200),
  /** api.push.apple.com; false: the sandbox (development builds). */
  production: z.boolean().default(true),
  /** Another APNs host (a proxy, a test peer) and its port. */
  address: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'a host name or address, without scheme or port')
    .max(253)
    .optional(),
  port: z.number().int().min(1).max(65535).default(443),
  caCertificate: pem('a CA certificate', '-----BEGIN CERTIFICATE-----...').optional(),
  timeoutSeconds: seconds(10, 60),
});
export const ApnsCredentials = z.strictObject({
  /** The .p8 signing key from Apple's developer account. */
  key: pem('the .p8 key', '-----BEGIN PRIVATE KEY-----...'),
  keyId: z.string().regex(/^[A-Z0-9]{10}$/, 'the 10-character Key ID'),
  teamId: z.string().regex(/^[A-Z0-9]{10}$/, 'the 10-character Team ID'),
});

export const HuaweiSettings = z.strictObject({
  /** The app's ID in AppGallery Connect; also the OAuth client ID. */
  appId: z.string().regex(/^\d{1,20}$/, 'the numeric App ID from AppGallery Connect'),
  /** Push Kit's base (a regional site, a proxy, a test peer). */
  apiBaseUrl: httpUrl.default('https://push-api.cloud.huawei.com'),
  /** Huawei's OAuth 2.0 token endpoint. */
  tokenUrl: httpUrl.default('https://oauth-login.cloud.huawei.com/oauth2/v3/token'),
  timeoutSeconds: seconds(10, 60),
});
export const HuaweiCredentials = z
  .strictObject({
    clientSecret: z.string().min(1, 'the App Secret from AppGallery Connect').max(200),
    /**
     * The receipt configuration's callback user name and key (AppGallery Connect, Push Kit,
     * message receipts): when set, every receipt must carry X-HUAWEI-CALLBACK-ID signed with them.
     */
    receiptUserName: z.string().min(1).max(200).optional(),
    receiptKey: z.string().min(1).max(200).optional(),
  })
  .refine((c) => (c.receiptUserName === undefined) === (c.receiptKey === undefined), {
    message: 'give the receipt callback user name and key together',
    path: ['receiptKey'],
  });

export const pushProviders = {
  fcm: { settings: FcmSettings.default({ timeoutSeconds: 10 }), credentials: FcmCredentials },
  apns: { settings: ApnsSettings, credentials: ApnsCredentials },
  huawei: { settings: HuaweiSettings, credentials: HuaweiCredentials },
} as const;

export type PushProviderSettings = {
  fcm: z.infer<typeof FcmSettings>;
  apns: z.infer<typeof ApnsSettings>;
  huawei: z.infer<typeof HuaweiSettings>;
};
export type PushProviderCredentials = {
  fcm: z.infer<typeof FcmCredentials>;
  apns: z.infer<typeof ApnsCredentials>;
  huawei: z.infer<typeof HuaweiCredentials>;
};

/** The providers that reach a platform's devices. */
export const providersReaching = (platform: DevicePlatform) =>
  (Object.keys(providerPlatforms) as (keyof typeof providerPlatforms)[]).filter((p) =>
    (providerPlatforms[p] as readonly DevicePlatform[]).includes(platform),
  );
