// Email templates: MJML for layout, Liquid for personalisation. MJML is compiled to HTML once
// per template version and Liquid is parsed once; a recipient costs one Liquid render only.
// Liquid therefore belongs inside MJML content (mj-text, mj-button, attributes), which MJML
// passes through untouched.
import mjml2html from 'mjml';
import { Liquid, type Template } from 'liquidjs';
import { z } from 'zod';

export const EmailTemplateContent = z.object({
  subject: z.string().min(1, 'give the email a subject').max(500),
  mjml: z.string().min(1, 'give the email a body in MJML'),
});
export type EmailTemplateContent = z.infer<typeof EmailTemplateContent>;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface CompiledEmailTemplate {
  render(variables: Record<string, unknown>): Promise<RenderedEmail>;
}

// strictFilters: a misspelt filter is an error at compile time, not a silent blank in 10,000 emails.
const htmlEngine = new Liquid({ outputEscape: 'escape', strictFilters: true });
const textEngine = new Liquid({ strictFilters: true });

export class TemplateError extends Error {
  constructor(
    readonly field: 'subject' | 'mjml',
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TemplateError';
  }
}

function parse(engine: Liquid, field: 'subject' | 'mjml', source: string): Template[] {
  try {
    return engine.parse(source);
  } catch (err) {
    throw new TemplateError(field, (err as Error).message);
  }
}

/** A readable plain-text part from the compiled HTML, for clients that show no HTML. */
function htmlToText(html: string): string {
  return html
    .replace(/<(style|head|title)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}

export async function compileEmailTemplate(
  content: EmailTemplateContent,
): Promise<CompiledEmailTemplate> {
  const subject = parse(textEngine, 'subject', content.subject);
  // MJML throws on a body that is not XML at all ("Parsing failed"), and reports lesser faults.
  const result = await mjml2html(content.mjml, {
    validationLevel: 'soft',
    keepComments: false,
  }).catch((err: unknown) => {
    throw new TemplateError('mjml', `${(err as Error).message}: start the body with <mjml>`);
  });
  const fatal = result.errors.filter(
    (e) => e.tagName === 'mjml' || /malformed|parse/i.test(e.message),
  );
  if (fatal.length > 0 || !result.html) {
    throw new TemplateError(
      'mjml',
      fatal.map((e) => `line ${e.line}: ${e.message}`).join('; ') || 'MJML produced no HTML',
    );
  }
  const html = parse(htmlEngine, 'mjml', result.html);
  const text = parse(textEngine, 'mjml', htmlToText(result.html));
  return {
    async render(variables) {
      const [s, h, t] = await Promise.all([
        textEngine.render(subject, variables) as Promise<string>,
        htmlEngine.render(html, variables) as Promise<string>,
        textEngine.render(text, variables) as Promise<string>,
      ]);
      return { subject: s.trim(), html: h, text: t };
    },
  };
}
