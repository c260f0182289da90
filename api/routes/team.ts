// The team, for admins: users with their roles (changed or deactivated at once) and invites to
// colleagues. An invite's link is mailed through Herald's SMTP relay and shown once to the admin
// who made it, in case the mail does not arrive; accepting it is in api/routes/invites.ts.
import {
  CreateInvite,
  type Invite,
  InviteCreated,
  InviteParams,
  Invites,
  type TeamMember,
  TeamMemberAnswer,
  TeamMembers,
  UpdateTeamMember,
  UserParams,
} from '../../core/contract/users.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { ROLE_DESCRIPTIONS } from '../../core/permissions.ts';
import type { UserRow } from '../../db/auth.ts';
import {
  createInvite,
  getUser,
  INVITE_DAYS,
  type InviteRow,
  inviteState,
  listOpenInvites,
  listUsers,
  revokeInvite,
  updateUser,
  userByEmail,
} from '../../db/users.ts';
import { sendStaffEmail } from '../mailer.ts';
import { route } from '../route.ts';
import { audit, type AuditChange, audited, auditedRevoke } from '../audit.ts';

export const toTeamMember = (u: UserRow): TeamMember => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.deactivated_at === null,
  createdAt: u.created_at.toISOString(),
});

const toInvite = (i: InviteRow): Invite => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invited_by,
  createdAt: i.created_at.toISOString(),
  expiresAt: i.expires_at.toISOString(),
  status: inviteState(i) === 'expired' ? 'expired' : 'open',
});

function inviteMail(invite: InviteRow, link: string, from: string) {
  return {
    to: invite.email,
    subject: `${from} invited you to Herald`,
    text: [
      `${from} invited you to Herald as ${invite.role} (${ROLE_DESCRIPTIONS[invite.role]}).`,
      '',
      `Choose your password here: ${link}`,
      '',
      `The link works once, for ${INVITE_DAYS} days. If you did not expect it, ignore this email.`,
    ].join('\n'),
  };
}

/** What a PATCH changed about a user, as audit entries. */
function userChanges(before: UserRow, after: UserRow): AuditChange[] {
  const target = { targetType: 'user', targetId: after.id };
  const changes: AuditChange[] = [];
  if (before.role !== after.role)
    changes.push({
      action: 'user.role_changed',
      ...target,
      details: { email: after.email, from: before.role, to: after.role },
    });
  if (!before.deactivated_at !== !after.deactivated_at)
    changes.push({
      action: after.deactivated_at ? 'user.deactivated' : 'user.reactivated',
      ...target,
      details: { email: after.email },
    });
  return changes;
}

export const teamRoutes = [
  route({
    method: 'get',
    path: '/v1/users',
    permission: 'users:manage',
    summary: 'The team: every user with their role; active ones first',
    responses: { 200: TeamMembers },
    handler: async ({ deps }) => ({ users: (await listUsers(deps.db)).map(toTeamMember) }),
  }),
  route({
    method: 'patch',
    path: '/v1/users/{id}',
    permission: 'users:manage',
    summary:
      'Change a user\'s role, or deactivate them ("active": false: their sessions end at once) or reactivate them',
    params: UserParams,
    body: UpdateTeamMember,
    responses: { 200: TeamMemberAnswer },
    errors: [404, 409],
    handler: async ({ params: { id }, body, req, deps }) => {
      const me = req.principal!;
      if (me.kind === 'user' && me.id === id)
        throw conflict(
          'You cannot change your own role or deactivate yourself; ask another admin.',
        );
      const before = await getUser(deps.db, id);
      if (!before) throw notFound(`User ${id}`);
      const user = await deps.db.transaction(async (trx) => {
        const after = (await updateUser(trx, id, body))!;
        for (const change of userChanges(before, after)) await audit(trx, req, change);
        return after;
      });
      return { user: toTeamMember(user) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/invites',
    permission: 'users:manage',
    summary: `Invite a colleague with a role: a link that works once, for ${INVITE_DAYS} days, is mailed to them and answered here`,
    body: CreateInvite,
    responses: { 201: InviteCreated },
    errors: [409],
    handler: async ({ body, req, deps }) => {
      if (await userByEmail(deps.db, body.email))
        throw conflict(
          `${body.email} already has an account; change their role or reactivate them instead.`,
        );
      const me = req.principal!;
      const { row, token } = await audited(
        deps,
        req,
        (trx) => createInvite(trx, { ...body, invitedBy: me.kind === 'user' ? me.id : undefined }),
        (made) => ({
          action: 'user.invited',
          targetType: 'invite',
          targetId: made.row.id,
          details: { email: made.row.email, role: made.row.role },
        }),
      );
      const link = `${deps.config.webUrl}/invite/${token}`;
      const from = me.kind === 'user' ? `${me.name} (${me.email})` : 'An admin';
      const mailError = await sendStaffEmail(deps, inviteMail(row, link, from));
      return {
        invite: toInvite(row),
        link,
        mailed: mailError === undefined,
        mailError: mailError ?? null,
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/invites',
    permission: 'users:manage',
    summary: 'Invites not yet accepted, expired ones included, newest first',
    responses: { 200: Invites },
    handler: async ({ deps }) => ({ invites: (await listOpenInvites(deps.db)).map(toInvite) }),
  }),
  route({
    method: 'delete',
    path: '/v1/invites/{id}',
    permission: 'users:manage',
    summary: 'Revoke an invite: its link stops working',
    params: InviteParams,
    responses: { 204: null },
    errors: [404],
    handler: ({ params: { id }, req, deps }) =>
      auditedRevoke(
        deps,
        req,
        `Open invite ${id}`,
        (trx) => revokeInvite(trx, id),
        (invite) => ({
          action: 'user.invite_revoked',
          targetType: 'invite',
          targetId: id,
          details: { email: invite.email, role: invite.role },
        }),
      ),
  }),
];
