// Signing in to the web app, who is calling, and the api's own health.
import { z } from 'zod';
import { Permission, Role } from '../permissions.ts';

export const SignIn = z.object({
  email: z.email('use the email address you were invited with'),
  password: z.string().min(1, 'enter your password'),
});
export type SignIn = z.infer<typeof SignIn>;

export const User = z.object({ id: z.uuid(), email: z.string(), name: z.string() });
export type User = z.infer<typeof User>;
export const SignedIn = z.object({ user: User });
export type SignedIn = z.infer<typeof SignedIn>;

/** Who is calling, with what they may do: the web app hides what the role cannot do. */
export const Principal = z.union([
  z.object({
    kind: z.literal('apiKey'),
    id: z.uuid(),
    name: z.string(),
    /** The key's role; null for a key scoped to a set of permissions. */
    role: Role.nullable(),
    permissions: z.array(Permission),
  }),
  User.extend({ kind: z.literal('user'), role: Role, permissions: z.array(Permission) }),
]);
export type Principal = z.infer<typeof Principal>;
export const Me = z.object({ principal: Principal });
export type Me = z.infer<typeof Me>;

/** "ok", or "down: <why>" for each dependency. */
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.string(),
  temporal: z.string(),
});
export type Health = z.infer<typeof Health>;

export const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;
