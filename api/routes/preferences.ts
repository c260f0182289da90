// The public preference page behind every marketing email's unsubscribe link (issue 14), and the
// RFC 8058 one-click unsubscribe that mail providers POST to the same link. No sign-in: the
// signed token (core/unsubscribe.ts) is checked against the customer its message went to, so a
// link opens one customer's choices only, and every request is rate-limited per address.
// Each change is a consent change with its source, honoured by the next send's reachability
// check, and an "unsubscribed" entry in the message's history.
import express, { type Response } from 'express';
import { z } from 'zod';
import {
  choiceKey,
  choicesState,
  renderInvalidLinkPage,
  renderPreferencePage,
  type PreferencePage,
} from '../../core/preference-page.ts';
import { tokenMessageId, verifyUnsubscribeToken } from '../../core/unsubscribe.ts';
import { recordEngagement } from '../../db/messages.ts';
import {
  channelsLeftEntirely,
  consentIs,
  type LinkedMessage,
  linkedMessage,
  preferenceChoices,
} from '../../db/preferences.ts';
import { changeConsent } from '../consent-change.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';

const TokenParams = z.object({ token: z.string().max(200) });
const html = (description: string) => ({ description, contentType: 'text/html' });
const ONE_CLICK = 'One-Click';

/** The message a token was signed for, when it was signed by us for that message's customer. */
async function messageOf(deps: ApiDeps, token: string): Promise<LinkedMessage | undefined> {
  const messageId = tokenMessageId(token);
  const message = messageId ? await linkedMessage(deps.db, messageId) : undefined;
  if (!message) return undefined;
  const ok = verifyUnsubscribeToken(
    deps.config.HERALD_SECRET,
    token,
    message.id,
    message.customer_id,
  );
  return ok ? message : undefined;
}

const answer = (res: Response, status: number, body: string) =>
  void res
    .status(status)
    .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .set('referrer-policy', 'no-referrer')
    .send(body);

async function showPage(
  deps: ApiDeps,
  res: Response,
  m: LinkedMessage,
  status = 200,
  notice?: PreferencePage['notice'],
) {
  const choices = await preferenceChoices(deps.db, m);
  answer(res, status, renderPreferencePage({ locale: m.locale, choices, notice }));
}

/** Records one choice; an unsubscribe is also noted on the message whose link it came through. */
async function choose(
  deps: ApiDeps,
  m: LinkedMessage,
  c: { channel: string; messagingType: string; subscribed: boolean },
  source: string,
) {
  const consent = { channel: c.channel, messagingType: c.messagingType, subscribed: c.subscribed };
  // A replayed request (a provider retrying its one-click POST) records nothing more.
  if (await consentIs(deps.db, m.customer_id, consent)) return;
  const { changed } = await changeConsent(deps, m.customer_id, { ...consent, source });
  if (changed && !c.subscribed)
    await recordEngagement(deps.db, m.id, 'unsubscribed', `${source}: ${choiceKey(c)}`);
}

/** Form fields, from application/x-www-form-urlencoded or multipart/form-data (RFC 8058 allows both). */
async function formFields(contentType: string | undefined, body: unknown): Promise<FormData> {
  if (!Buffer.isBuffer(body) || !contentType) return new FormData();
  try {
    return await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return new FormData();
  }
}

const PreferenceForm = z.object({
  'List-Unsubscribe': z.literal(ONE_CLICK).optional(),
  state: z.string().optional(),
  action: z.enum(['save', 'all']).optional(),
  keep: z.array(z.string()).optional(),
});

export const preferenceRoutes = [
  route({
    method: 'get',
    path: '/u/{token}',
    summary:
      "A marketing email's preference page (its unsubscribe link): the customer's choices per messaging type and channel, in their language",
    public: true,
    rateLimit: 'preferences',
    params: TokenParams,
    responses: { 200: html('The preference page'), 404: html('The link is not valid') },
    handler: async ({ params: { token }, res, deps }) => {
      const m = await messageOf(deps, token);
      if (!m) return answer(res, 404, renderInvalidLinkPage());
      await showPage(deps, res, m);
    },
  }),
  route({
    method: 'post',
    path: '/u/{token}',
    summary:
      'A one-click unsubscribe (RFC 8058: List-Unsubscribe=One-Click stops the messaging type of the email on its channel), or the preference form (keep: the channel:type pairs to stay subscribed to; action=all leaves every one)',
    public: true,
    rateLimit: 'preferences',
    params: TokenParams,
    unparsedBody: {
      contentType: 'application/x-www-form-urlencoded',
      schema: PreferenceForm,
      parser: express.raw({
        type: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        limit: '64kb',
      }),
    },
    responses: {
      200: html('The preference page, saying what changed'),
      404: html('The link is not valid'),
      409: html('The page was opened before another change: shown again as it is now'),
    },
    handler: async ({ params: { token }, req, res, deps }) => {
      const m = await messageOf(deps, token);
      if (!m) return answer(res, 404, renderInvalidLinkPage());
      const form = await formFields(req.get('content-type'), req.body);
      if (form.get('List-Unsubscribe') === ONE_CLICK) {
        const messagingType = m.messaging_type ?? 'promo';
        await choose(
          deps,
          m,
          { channel: m.channel, messagingType, subscribed: false },
          'one-click-unsubscribe',
        );
        return showPage(deps, res, m, 200, 'unsubscribed');
      }
      const choices = await preferenceChoices(deps.db, m);
      // A form from a page that showed other choices than there are now is not applied.
      if (form.get('state') !== choicesState(choices)) return showPage(deps, res, m, 409, 'stale');
      const everything = form.get('action') === 'all';
      const keep = new Set(form.getAll('keep').map(String));
      const reopened = await channelsLeftEntirely(deps.db, m.customer_id);
      for (const c of choices) {
        const subscribed = !everything && keep.has(choiceKey(c));
        // A choice on a channel the customer had left entirely reopens it.
        if (subscribed && reopened.delete(c.channel))
          await choose(
            deps,
            m,
            { channel: c.channel, messagingType: 'all', subscribed },
            'preference-page',
          );
        if (subscribed !== c.subscribed)
          await choose(deps, m, { ...c, subscribed }, 'preference-page');
      }
      await showPage(deps, res, m, 200, 'saved');
    },
  }),
];
