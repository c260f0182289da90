// Email templates: MJML for layout, Liquid for personalisation. MJML is compiled to HTML once
// per template version and Liquid is parsed once; a recipient costs one Liquid render only.
// Liquid therefore belongs inside MJML content (mj-text, mj-button, attributes), which MJML
// passes through untouched.
import mjml2html from 'mjml';
import { Liquid, type Template } from 'liquidjs';
import { z } from 'zod';
import { liquidFix, unknownVariables } from './template-variables.ts';

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

/**
 * Bounds on every Liquid render (issue 10): templates are written by users, and a loop of 100
 * million turns must fail the one message it renders, quickly, instead of holding the worker.
 */
export const LIQUID_LIMITS = {
  /** Characters of template parsed at once (an email's compiled HTML is some 3 times its MJML). */
  parseLimit: 3_000_000,
  /** Milliseconds one render may take: a typical email renders in under 5. */
  renderLimit: 1_000,
  /** Characters and list items one render may create (ranges, append, join, json). */
  memoryLimit: 10_000_000,
} as const;

// strictFilters: a misspelt filter is an error at compile time, not a silent blank in 10,000 emails.
const htmlEngine = new Liquid({ outputEscape: 'escape', strictFilters: true, ...LIQUID_LIMITS });
export const textEngine = new Liquid({ strictFilters: true, ...LIQUID_LIMITS });

/** The field of a template an error names (content.* for a push's or Viber message's extras). */
export type Field = 'subject' | 'mjml' | 'text' | 'body' | `content.${string}`;

export class TemplateError extends Error {
  constructor(
    readonly field: Field,
    message: string,
    /** A render that went past LIQUID_LIMITS, rather than a template that does not compile. */
    readonly overLimit = false,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TemplateError';
  }
}

/** Whether liquidjs refused to go on because a render went past one of LIQUID_LIMITS. */
export const isLiquidLimit = (err: unknown): boolean =>
  err instanceof Error && / limit exceeded\b/.test(err.message);

/** A failed render as the TemplateError of its field, saying which limit it went past. */
export function renderError(field: Field, err: unknown): TemplateError {
  const message = (err as Error).message;
  if (!isLiquidLimit(err)) return new TemplateError(field, message);
  return new TemplateError(
    field,
    `${message}: a render may take ${LIQUID_LIMITS.renderLimit} ms and create ${LIQUID_LIMITS.memoryLimit.toLocaleString('en')} characters or list items; bound the loops`,
    true,
  );
}

export function parse(engine: Liquid, field: Field, source: string): Template[] {
  try {
    return engine.parse(source);
  } catch (err) {
    throw new TemplateError(field, liquidFix((err as Error).message));
  }
}

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#34;': '"',
  '&#39;': "'",
  '&#039;': "'",
  '&#x27;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
};

/**
 * Liquid as written inside HTML text: a visual editor (and MJML) writes the quotes of
 * {{ customer.firstName | default: "friend" }} as &quot;. Inside {{ }} and {% %} they are
 * Liquid's, so they are read back as characters; the rest of the HTML is left as it is.
 */
export const unescapeLiquid = (source: string): string =>
  source.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (tag) =>
    tag.replace(/&(quot|#34|#39|#039|#x27|lt|gt|amp);/g, (e) => ENTITIES[e]!),
  );

/** A readable plain-text part from the compiled HTML, for clients that show no HTML. */
export function htmlToText(html: string): string {
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
  // Liquid is read in the MJML as written first, so that an error names the marketer's line
  // rather than one of the compiled HTML.
  const mjmlSource = unescapeLiquid(content.mjml);
  parse(textEngine, 'mjml', mjmlSource);
  // MJML throws on a body that is not XML at all ("Parsing failed"), and reports lesser faults.
  const result = await mjml2html(mjmlSource, {
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
  const compiledHtml = unescapeLiquid(result.html);
  const html = parse(htmlEngine, 'mjml', compiledHtml);
  const text = parse(textEngine, 'mjml', htmlToText(compiledHtml));
  // One after another, so that a runaway part fails the render within one part's time limit.
  // Rendered synchronously: no filter or tag of Herald's is asynchronous, and liquidjs's async
  // render wraps every node in a promise (and in a worker each promise also carries Temporal's
  // async context), while it never yields to other work between them anyway.
  const render = (engine: Liquid, field: Field, parts: Template[], variables: object) => {
    try {
      return engine.renderSync(parts, variables) as string;
    } catch (err) {
      throw renderError(field, err);
    }
  };
  return {
    // A promise still, whose failure is a rejection (a throw in the executor rejects it).
    render: (variables) =>
      new Promise<RenderedEmail>((resolve) => {
        const s = render(textEngine, 'subject', subject, variables);
        const h = render(htmlEngine, 'mjml', html, variables);
        const t = render(textEngine, 'mjml', text, variables);
        resolve({ subject: s.trim(), html: h, text: t });
      }),
  };
}

/**
 * Compiles a template and renders it once for a customer with an empty profile, so that a loop
 * whose bounds are written in the template (`(1..100000000)`) is refused when it is saved. A
 * loop bounded by customer data can only be stopped when it renders.
 */
export async function checkEmailTemplate(content: EmailTemplateContent): Promise<void> {
  const compiled = await compileEmailTemplate(content);
  for (const field of ['subject', 'mjml'] as const) {
    const unknown = unknownVariables(
      field === 'subject' ? content.subject : unescapeLiquid(content.mjml),
    );
    if (unknown.length > 0)
      throw new TemplateError(field, unknown.map((p) => p.message).join('; '));
  }
  try {
    await compiled.render({ customer: {}, event: {} });
  } catch (err) {
    // Other failures of an empty profile (a filter given nothing) may not happen with real data.
    if (err instanceof TemplateError && err.overLimit) throw err;
  }
}
