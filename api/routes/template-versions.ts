// Template versions, previews and test sends (issue 14). The template row is the draft the
// editor saves (PUT); publishing makes an immutable revision, which sends render (a campaign
// version pins the revision published when it was published). Previews and test sends render
// the draft or a revision for a real customer; a test send is marked as one ("[Test]" in the
// subject, X-Herald-Test) and kept in template_test_sends, out of every report.
import { z } from 'zod';
import { IdParams } from '../../core/contract/common.ts';
import { TemplateAnswer } from '../../core/contract/templates.ts';
import {
  PublishTemplate,
  RenderFor,
  TemplatePreview,
  TemplateRevisionAnswer,
  TemplateRevisions,
  TestSend,
  TestSent,
  UpdateTemplate,
} from '../../core/contract/template-versions.ts';
import { preheaderOf } from '../../core/email-checks.ts';
import { smsSegments } from '../../core/sms-text.ts';
import { badRequest, HeraldError, notFound } from '../../core/errors.ts';
import { checkTemplate } from '../../core/channel-templates.ts';
import { TemplateChannel, templateShapeProblems } from '../../core/template-input.ts';
import { TemplateError } from '../../core/templates.ts';
import type { Db } from '../../db/connection.ts';
import {
  getTemplateRevision,
  listTemplateRevisions,
  publishTemplate,
  type TemplateRevisionRow,
  updateTemplateDraft,
} from '../../db/template-revisions.ts';
import { getTemplate } from '../../db/templates.ts';
import { actorOf } from '../audit.ts';
import type { ApiDeps } from '../deps.ts';
import { transportOf } from '../mailer.ts';
import { testSendSigning } from '../test-send-signing.ts';
import { route } from '../route.ts';
import { renderForEditor, templateProblem } from '../template-render.ts';
import { channelTestSend } from '../channel-test-send.ts';
import { noteTestSendError, recordTestSend } from '../../db/template-test-sends.ts';
import { toTemplate } from './templates.ts';

const params = IdParams('a template');

const toRevision = (r: TemplateRevisionRow, channel: string) => ({
  templateId: r.template_id,
  revision: r.revision,
  subject: r.subject,
  ...(channel === 'email' && { mjml: r.body }),
  body: r.body,
  content: r.content ?? {},
  note: r.note,
  publishedAt: r.published_at.toISOString(),
});

/** The draft, or one of its published revisions, as subject and body to render. */
async function contentOf(db: Db, id: string, revision?: number) {
  const template = await getTemplate(db, id);
  if (!template) throw notFound(`Template ${id}`);
  if (revision === undefined) return { template, content: template };
  const published = await getTemplateRevision(db, id, revision);
  if (!published) throw notFound(`Revision ${revision} of template ${id}`);
  return { template, content: published };
}

/** An email's test recipients: 1 to 10 addresses, each a 400 naming it when it is none. */
function emailRecipients(to: string[] | undefined): string[] {
  const problems = (to ?? []).flatMap((a, i) =>
    z.email().safeParse(a).success
      ? []
      : [{ field: `to.${i}`, message: `use email addresses such as "me@example.com", not "${a}"` }],
  );
  if (!to) problems.push({ field: 'to', message: 'give at least one address to send the test to' });
  if (problems.length > 0)
    throw badRequest(
      `The test cannot be sent: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  return to!;
}

async function preview(deps: ApiDeps, id: string, opts: RenderFor) {
  const { template, content } = await contentOf(deps.db, id, opts.revision);
  const r = await renderForEditor(deps, { ...content, channel: template.channel }, opts);
  return { template, render: r };
}

export const templateVersionRoutes = [
  route({
    method: 'put',
    path: '/v1/templates/{id}',
    permission: 'templates:write',
    summary:
      'Save the template draft (sends keep rendering the published revision until it is published); it must compile and use known variables',
    params,
    body: UpdateTemplate,
    responses: { 200: TemplateAnswer },
    errors: [404],
    handler: async ({ params: { id }, body, deps: { db } }) => {
      const existing = await getTemplate(db, id);
      if (!existing) throw notFound(`Template ${id}`);
      const channel = TemplateChannel.parse(existing.channel);
      const shape = templateShapeProblems(channel, body);
      if (shape.length > 0)
        throw badRequest(
          `The ${channel} template is not complete: ${shape.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`,
          shape.map((p) => ({ field: p.path.join('.'), message: p.message })),
        );
      try {
        await checkTemplate(channel, body);
      } catch (err) {
        if (err instanceof TemplateError)
          throw templateProblem(err, err.overLimit ? 'is refused' : 'does not compile');
        throw err;
      }
      const row = await updateTemplateDraft(db, id, {
        ...body,
        body: (channel === 'email' ? body.mjml : body.body) ?? '',
      });
      if (!row) throw notFound(`Template ${id}`);
      return { template: toTemplate(row) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/templates/{id}/publish',
    permission: 'templates:write',
    summary:
      'Publish the draft as an immutable revision: sends from campaign versions published from now on render it',
    params,
    body: PublishTemplate.optional(),
    responses: { 201: TemplateRevisionAnswer },
    errors: [404],
    handler: async ({ params: { id }, body, deps: { db } }) => {
      const template = await getTemplate(db, id);
      const revision = template && (await publishTemplate(db, id, body?.note));
      if (!revision) throw notFound(`Template ${id}`);
      return { revision: toRevision(revision, template.channel) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/templates/{id}/revisions',
    permission: 'templates:read',
    summary: 'The published revisions of a template, newest first',
    params,
    responses: { 200: TemplateRevisions },
    errors: [404],
    handler: async ({ params: { id }, deps: { db } }) => {
      const template = await getTemplate(db, id);
      if (!template) throw notFound(`Template ${id}`);
      const revisions = await listTemplateRevisions(db, id);
      return { revisions: revisions.map((r) => toRevision(r, template.channel)) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/templates/{id}/preview',
    permission: 'templates:read',
    summary:
      'Render the draft (or a revision) for a customer: subject, preheader and HTML as an inbox would show them; for SMS, push and Viber, the message (title, text, image, button) and the SMS encoding and part count',
    params,
    body: RenderFor,
    responses: { 200: TemplatePreview },
    errors: [404],
    handler: async ({ params: { id }, body, deps }) => {
      const { render } = await preview(deps, id, body);
      const { subject, html, text } = render.rendered;
      if (render.message) {
        const sms = smsSegments(render.message.text);
        return {
          subject,
          preheader: '',
          html,
          text,
          to: render.to,
          headers: {},
          message: {
            ...render.message,
            sms: {
              encoding: sms.encoding,
              length: sms.length,
              parts: sms.parts.length,
              remainingInPart: sms.remainingInPart,
            },
          },
        };
      }
      return {
        subject,
        preheader: preheaderOf(html, text),
        html,
        text,
        to: render.to,
        headers: render.headers,
      };
    },
  }),
  route({
    method: 'post',
    path: '/v1/templates/{id}/test-send',
    permission: 'templates:write',
    summary:
      "Send the draft (or a revision), rendered for a customer, as a test left out of every report: an email to up to 10 addresses (\"[Test]\" subject, X-Herald-Test header, signed with the default email gateway's DKIM key); an SMS or Viber message to up to 10 phone numbers (else the customer's phone), a push to up to 10 registered device tokens (else the customer's devices), \"[Test]\" in front, through the channel's gateway, each recipient's outcome answered",
    params,
    body: TestSend,
    responses: { 200: TestSent },
    errors: [404, 409, 503],
    handler: async ({ params: { id }, body, req, deps }) => {
      const { template, render } = await preview(deps, id, body);
      const sentBy = req.principal ? actorOf(req.principal).actorLabel : null;
      if (render.message) return channelTestSend(deps, { template, render, body, sentBy });
      const to = emailRecipients(body.to);
      const subject = `[Test] ${render.rendered.subject}`;
      let error: string | undefined;
      try {
        const signing = await testSendSigning(deps);
        await transportOf(deps).sendMail({
          from: signing.from ?? deps.config.EMAIL_FROM,
          ...(signing.dkim && { dkim: signing.dkim }),
          to,
          subject,
          html: render.rendered.html,
          text: render.rendered.text,
          headers: { ...render.headers, 'X-Herald-Test': 'true' },
        });
      } catch (err) {
        error = (err as Error).message;
      }
      const testSendId = await recordTestSend(deps.db, {
        templateId: id,
        revision: body.revision ?? template.revision,
        channel: 'email',
        customerId: body.customerId,
        to,
        sentBy,
      });
      if (error) {
        await noteTestSendError(deps.db, testSendId, error);
        throw new HeraldError(503, 'smtp_unavailable', `The test email was not sent: ${error}`);
      }
      return { sent: to, subject };
    },
  }),
];
