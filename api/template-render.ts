// A template rendered the way a send would render it, for the editor's checks, previews and test
// sends (issue 14): for a real customer when one is named (else an empty profile, as at save),
// with the unsubscribe footer and headers a marketing email gets. Failures are 400s naming the
// field and the line, since the marketer is looking at the template.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { badRequest, notFound } from '../core/errors.ts';
import { compileEmailTemplate, type RenderedEmail, TemplateError } from '../core/templates.ts';
import { unsubscribeHeaders, withUnsubscribeFooter } from '../core/unsubscribe.ts';
import { compileChannelTemplate, type RenderedChannelMessage } from '../core/channel-templates.ts';
import { variableUses } from '../core/template-variables.ts';
import { getCustomer } from '../db/customers.ts';
import { templateContext } from '../db/template-context.ts';
import { isTransactional } from '../db/messaging-types.ts';
import type { TemplateRow } from '../db/templates.ts';
import type { ApiDeps } from './deps.ts';

export interface EditorRender {
  /** An SMS, push or Viber message's text is `text` here, a push's title `subject`. */
  rendered: RenderedEmail;
  /** SMS, push and Viber: the message as the gateway gets it. */
  message?: RenderedChannelMessage;
  /** The email's headers beyond From, To, Subject: List-Unsubscribe on a marketing email. */
  headers: Record<string, string>;
  /** Where a send would go: the customer's address, or a placeholder. */
  to: string;
  marketing: boolean;
  /** Whether the template places {{ unsubscribeUrl }} itself (else Herald appends a footer). */
  ownUnsubscribeLink: boolean;
  unsubscribeUrl?: string;
}

/** A 400 for a template that does not compile or render, naming its field. */
export function templateProblem(err: TemplateError, doing: string) {
  return badRequest(`The template ${doing}: ${err.message}`, [
    { field: err.field, message: err.message },
  ]);
}

export async function renderForEditor(
  deps: ApiDeps,
  template: Pick<TemplateRow, 'subject' | 'body' | 'content'> & { channel?: string },
  opts: {
    customerId?: string;
    messagingType?: string;
    event?: { type: string; properties: Record<string, unknown> };
  },
): Promise<EditorRender> {
  const customer = opts.customerId ? await getCustomer(deps.db, opts.customerId) : undefined;
  if (opts.customerId && !customer) throw notFound(`Customer ${opts.customerId}`);
  const marketing = !(await isTransactional(deps.db, opts.messagingType ?? 'promo'));
  const uses = variableUses(
    template.subject,
    template.body,
    ...Object.values(template.content ?? {}),
  );
  const event = opts.event ?? {};
  const channel = template.channel ?? 'email';
  if (channel !== 'email') {
    let message: RenderedChannelMessage;
    try {
      message = await compileChannelTemplate(channel as 'sms' | 'push' | 'viber', {
        subject: template.subject,
        body: template.body,
        content: template.content ?? {},
      }).render(await templateContext(deps.db, customer, event, uses));
    } catch (err) {
      if (err instanceof TemplateError) throw templateProblem(err, 'does not render');
      throw err;
    }
    return {
      rendered: { subject: message.title ?? '', html: '', text: message.text },
      message,
      headers: {},
      to:
        (channel === 'push' ? customer?.id : customer?.phone) ??
        `the customer's ${channel === 'push' ? 'device' : 'phone'}`,
      marketing,
      ownUnsubscribeLink: true,
    };
  }
  // The preview's link is not a real one: no message exists for it to name.
  const unsubscribeUrl = marketing
    ? `${deps.config.trackingUrl.replace(/\/+$/, '')}/u/preview`
    : undefined;
  let rendered: RenderedEmail;
  try {
    const compiled = await compileEmailTemplate({ subject: template.subject, mjml: template.body });
    rendered = await compiled.render(
      await templateContext(deps.db, customer, event, uses, {
        unsubscribeUrl: unsubscribeUrl ?? '',
      }),
    );
  } catch (err) {
    if (err instanceof TemplateError) throw templateProblem(err, 'does not render');
    throw err;
  }
  const ownUnsubscribeLink = unsubscribeUrl ? rendered.html.includes(unsubscribeUrl) : true;
  if (unsubscribeUrl)
    rendered = { ...rendered, ...withUnsubscribeFooter(rendered, unsubscribeUrl) };
  return {
    rendered,
    headers: unsubscribeUrl ? unsubscribeHeaders(unsubscribeUrl) : {},
    to: customer?.email ?? 'customer@example.com',
    marketing,
    ownUnsubscribeLink,
    unsubscribeUrl,
  };
}

/** The whole message as the SMTP gateway would compose it, for SpamAssassin to read. */
export function composeMessage(deps: ApiDeps, r: EditorRender): Promise<Buffer> {
  return new MailComposer({
    from: deps.config.EMAIL_FROM,
    to: r.to,
    subject: r.rendered.subject,
    html: r.rendered.html,
    text: r.rendered.text,
    date: new Date(),
    messageId: `<check-${Date.now()}@herald>`,
    headers: r.headers,
  })
    .compile()
    .build();
}
