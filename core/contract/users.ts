// The team: users with their roles, and invites to colleagues (a single-use link that expires).
import { z } from 'zod';
import { Role } from '../permissions.ts';
import { IdParams, Timestamp } from './common.ts';

export const TeamMember = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  /** False once deactivated: they cannot sign in and their sessions have ended. */
  active: z.boolean(),
  createdAt: Timestamp,
});
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamMembers = z.object({ users: z.array(TeamMember) });
export type TeamMembers = z.infer<typeof TeamMembers>;

export const TeamMemberAnswer = z.object({ user: TeamMember });
export type TeamMemberAnswer = z.infer<typeof TeamMemberAnswer>;

export const UpdateTeamMember = z
  .object({ role: Role.optional(), active: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, {
    path: ['role'],
    message: 'give a new "role", or "active": false to deactivate (true to reactivate)',
  });
export type UpdateTeamMember = z.infer<typeof UpdateTeamMember>;

export const UserParams = IdParams('a user');
export type UserParams = z.infer<typeof UserParams>;

export const CreateInvite = z.object({
  email: z.email("give the colleague's email address").max(254),
  role: Role,
});
export type CreateInvite = z.infer<typeof CreateInvite>;

export const Invite = z.object({
  id: z.uuid(),
  email: z.string(),
  role: Role,
  invitedBy: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  /** "expired" invites stay listed until revoked or sent again. */
  status: z.enum(['open', 'expired']),
});
export type Invite = z.infer<typeof Invite>;

export const InviteCreated = z.object({
  invite: Invite,
  /** The link to accept it: mailed to the colleague, and shown here once for the admin to pass on. */
  link: z.string(),
  mailed: z.boolean(),
  /** Why the mail did not go, when it did not. */
  mailError: z.string().nullable(),
});
export type InviteCreated = z.infer<typeof InviteCreated>;

export const Invites = z.object({ invites: z.array(Invite) });
export type Invites = z.infer<typeof Invites>;

export const InviteParams = IdParams('an invite');
export type InviteParams = z.infer<typeof InviteParams>;

const InviteToken = z.string().min(1, 'use the token from the invite link').max(200);

export const InviteLookup = z.object({ token: InviteToken });
export type InviteLookup = z.infer<typeof InviteLookup>;

export const InvitePreview = z.object({ email: z.string(), role: Role, expiresAt: Timestamp });
export type InvitePreview = z.infer<typeof InvitePreview>;

export const AcceptInvite = z.object({
  token: InviteToken,
  name: z.string().trim().min(1, 'give your name as colleagues should see it').max(200),
  password: z.string().min(10, 'use at least 10 characters').max(200),
});
export type AcceptInvite = z.infer<typeof AcceptInvite>;
