// Accepting an invite (outside /v1, like signing in: the invitee has no credentials yet). The
// token in the link is the credential; it is sent in the body, never in a URL the logs keep.
import { AcceptInvite, InviteLookup, InvitePreview } from '../../core/contract/users.ts';
import { SignedIn } from '../../core/contract/sessions.ts';
import { conflict, notFound } from '../../core/errors.ts';
import type { Db } from '../../db/connection.ts';
import { acceptInvite, inviteByToken, inviteState } from '../../db/users.ts';
import { refuseCrossSite } from '../auth.ts';
import { route } from '../route.ts';
import { startSession } from './sessions.ts';
import { recordAudit } from '../../db/audit.ts';

const REFUSALS = {
  accepted: 'This invite has already been used; sign in instead.',
  revoked: 'This invite was withdrawn; ask an admin for a new one.',
  expired: 'This invite has expired; ask an admin for a new one.',
} as const;

/** The open invite of the token; a 404 or a 409 that says why it cannot be used. */
async function openInvite(db: Db, token: string) {
  const invite = await inviteByToken(db, token);
  if (!invite) throw notFound('Invite');
  const state = inviteState(invite);
  if (state !== 'open') throw conflict(REFUSALS[state]);
  return invite;
}

export const inviteRoutes = [
  route({
    method: 'post',
    path: '/auth/invite',
    summary: 'What an invite link is for: the email and role it makes an account with',
    public: true,
    rateLimit: 'invites',
    body: InviteLookup,
    responses: { 200: InvitePreview },
    errors: [404, 409],
    handler: async ({ body: { token }, deps }) => {
      const invite = await openInvite(deps.db, token);
      return { email: invite.email, role: invite.role, expiresAt: invite.expires_at.toISOString() };
    },
  }),
  route({
    method: 'post',
    path: '/auth/invite/accept',
    summary:
      "Accept an invite: makes the account with the invite's email and role and signs in; the link works once",
    public: true,
    rateLimit: 'invites',
    body: AcceptInvite,
    responses: { 200: SignedIn },
    errors: [403, 404, 409],
    handler: async ({ body, req, res, deps }) => {
      // Like the sign-in: another site must not sign the browser in to an account it made.
      refuseCrossSite(req);
      await openInvite(deps.db, body.token);
      const accepted = await deps.db.transaction(async (trx) => {
        const made = await acceptInvite(trx, body.token, body);
        // The new user is the actor: nobody else was signed in.
        if (made)
          await recordAudit(trx, {
            actorKind: 'user',
            actorId: made.user.id,
            actorLabel: made.user.email,
            action: 'user.joined',
            targetType: 'user',
            targetId: made.user.id,
            details: { role: made.user.role, invite: made.invite.id },
          });
        return made;
      });
      // Lost a race with another use of the same link: the first one made the account.
      if (!accepted) throw conflict(REFUSALS.accepted);
      return startSession(deps, res, accepted.user);
    },
  }),
];
