// Checks before sending (issue 14): the template rendered as a send would render it, scored by
// SpamAssassin (api/spamd.ts) and read for broken links, images without alt text and a missing
// unsubscribe link. SpamAssassin missing is no error: the other checks still answer.
import { IdParams } from '../../core/contract/common.ts';
import { TemplateCheck, TemplateCheckInput } from '../../core/contract/template-checks.ts';
import { checkEmailContent } from '../../core/email-checks.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { getTemplate } from '../../db/templates.ts';
import { route } from '../route.ts';
import { spamReport, SpamdUnavailable } from '../spamd.ts';
import { composeMessage, renderForEditor } from '../template-render.ts';

export const templateCheckRoutes = [
  route({
    method: 'post',
    path: '/v1/templates/{id}/check',
    permission: 'templates:read',
    summary:
      'Check a template before sending: spam score with the SpamAssassin rules that fired and how to fix them, broken links, images without alt text, a missing unsubscribe link in a marketing email',
    params: IdParams('a template'),
    body: TemplateCheckInput,
    responses: { 200: TemplateCheck },
    errors: [404],
    handler: async ({ params: { id }, body, deps }) => {
      const template = await getTemplate(deps.db, id);
      if (!template) throw notFound(`Template ${id}`);
      if (template.channel !== 'email')
        throw badRequest(
          `Spam, link and unsubscribe checks are for email templates; this is a ${template.channel} template`,
          [{ field: 'id', message: 'check an email template' }],
        );
      const render = await renderForEditor(deps, template, body);
      const content = checkEmailContent(render.rendered.html, render.unsubscribeUrl);
      const unsubscribeLink = render.ownUnsubscribeLink
        ? { present: true }
        : {
            present: false,
            problem:
              'A marketing email needs an unsubscribe link: add the unsubscribe footer block, or a link to {{ unsubscribeUrl }}. Until then Herald appends a plain one.',
          };
      let spam: TemplateCheck['spam'] = null;
      let spamUnavailable: string | undefined;
      try {
        const report = await spamReport(deps.config, await composeMessage(deps, render));
        spam = { ...report, spam: report.score >= report.threshold };
      } catch (err) {
        if (!(err instanceof SpamdUnavailable)) throw err;
        spamUnavailable = err.message;
        deps.log.warn({ reason: err.message }, 'template check without a spam score');
      }
      const problems = [
        ...(spam?.spam
          ? [
              `Spam score ${spam.score} is at or above ${spam.threshold}: fix the rules listed first`,
            ]
          : []),
        ...(spam?.rules ?? [])
          .filter((r) => r.score > 0 && !r.fix?.startsWith('Informational'))
          .map((r) => `${r.name} (+${r.score}): ${r.fix ?? r.description}`),
        ...content.links.map((l) => `Link "${l.text || l.href}": ${l.problem}`),
        ...content.images.map((i) => `Image ${i.src || '(no source)'}: ${i.problem}`),
        ...(unsubscribeLink.problem ? [unsubscribeLink.problem] : []),
      ];
      return {
        spam,
        ...(spamUnavailable && { spamUnavailable }),
        links: content.links,
        images: content.images,
        marketing: render.marketing,
        unsubscribeLink,
        problems,
      };
    },
  }),
];
