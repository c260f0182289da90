// API keys: made with a scope (a role, or a set of permissions), shown once, revoked at once.
import { z } from 'zod';
import { Permission, Role } from '../permissions.ts';
import { IdParams, Timestamp } from './common.ts';

export const ApiKeyScope = z.union([
  z.object({ role: Role }),
  z.object({ permissions: z.array(Permission) }),
]);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const CreateApiKey = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'name the key after what uses it')
      .max(100, 'at most 100 characters'),
    role: Role.optional(),
    permissions: z
      .array(Permission)
      .min(1, 'list at least one permission, or give a role instead')
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.role === undefined) === (v.permissions === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['role'],
        message: 'give the key either a role or a list of permissions, not both and not neither',
      });
  });
export type CreateApiKey = z.infer<typeof CreateApiKey>;

export const ApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The key's first characters, to tell keys apart. */
  prefix: z.string(),
  scope: ApiKeyScope,
  /** What the scope allows, spelled out. */
  permissions: z.array(Permission),
  createdAt: Timestamp,
  /** The user who made it; null for keys made by a script or another key. */
  createdBy: z.string().nullable(),
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyCreated = z.object({
  apiKey: ApiKey,
  /** The key in full: shown this once, only its hash is kept. */
  key: z.string(),
  note: z.string(),
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const ApiKeys = z.object({ apiKeys: z.array(ApiKey) });
export type ApiKeys = z.infer<typeof ApiKeys>;

export const ApiKeyAnswer = z.object({ apiKey: ApiKey });
export type ApiKeyAnswer = z.infer<typeof ApiKeyAnswer>;

export const ApiKeyParams = IdParams('an API key');
export type ApiKeyParams = z.infer<typeof ApiKeyParams>;
