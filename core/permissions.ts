// Who may do what. Every /v1 route names the one permission it needs (api/route.ts); a user has
// the permissions of their role, an API key those of the role or the set it was created with.
// One list, read by the api (to refuse) and by the web app (to hide what the role cannot do).
import { z } from 'zod';

export const Permission = z.enum([
  'campaigns:read',
  'campaigns:write',
  'segments:read',
  'segments:write',
  'mailings:read',
  'mailings:write',
  'templates:read',
  'templates:write',
  'customers:read',
  /** Creating and updating customers, consents, points: what an integration writes. */
  'customers:write',
  /** Events, receipts and signals to journeys: ingestion. */
  'events:write',
  'imports:read',
  'imports:write',
  /** Erasing a customer and exporting everything held about one (GDPR requests). */
  'privacy:manage',
  'reports:read',
  'exports:read',
  'exports:write',
  /** Installation settings: custom fields, points rules. */
  'settings:write',
  'api-keys:manage',
  'webhooks:manage',
  'tracker-sites:manage',
  'users:manage',
  'audit-log:read',
]);
export type Permission = z.infer<typeof Permission>;

/** A route's need: a permission, or only that the caller is signed in or holds a key. */
export type RouteAccess = Permission | 'authenticated';

export const Role = z.enum(['admin', 'marketer', 'analyst', 'developer']);
export type Role = z.infer<typeof Role>;

const READ_ALL_CONTENT = [
  'campaigns:read',
  'segments:read',
  'mailings:read',
  'templates:read',
  'customers:read',
  'reports:read',
] as const satisfies Permission[];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Permission.options,
  marketer: [
    ...READ_ALL_CONTENT,
    'campaigns:write',
    'segments:write',
    'mailings:write',
    'templates:write',
  ],
  // Reads everything a marketer makes, and takes the data out: exports are the analyst's tool.
  analyst: [...READ_ALL_CONTENT, 'exports:read', 'exports:write'],
  developer: [
    'customers:read',
    'customers:write',
    'events:write',
    'imports:read',
    'imports:write',
    'api-keys:manage',
    'webhooks:manage',
    'tracker-sites:manage',
  ],
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'everything, including users, settings and the audit log',
  marketer: 'campaigns, segments, mailings and templates; reads customers and reports',
  analyst: 'reads campaigns, customers and reports; runs exports',
  developer: 'API keys, webhooks, tracker sites, customer and event ingestion, imports',
};

export const permissionsOf = (role: Role): readonly Permission[] => ROLE_PERMISSIONS[role];

/** True when `held` allows `need`. */
export const allows = (held: readonly Permission[], need: RouteAccess): boolean =>
  need === 'authenticated' || held.includes(need);
