// The text of an SMS (and of other plain-text channels): a template's body as Liquid over the
// customer and the trigger event, no HTML, within the same limits as emails (LIQUID_LIMITS).
import { Liquid, type Template } from 'liquidjs';
import { isLiquidLimit, LIQUID_LIMITS, TemplateError } from './templates.ts';

const engine = new Liquid({ strictFilters: true, ...LIQUID_LIMITS });
// Parsed once per template text; a worker sends the same few templates to many customers.
const parsed = new Map<string, Template[]>();

export async function renderText(source: string, variables: object): Promise<string> {
  let templates = parsed.get(source);
  try {
    templates ??= engine.parse(source);
  } catch (err) {
    throw new TemplateError('text', (err as Error).message);
  }
  if (parsed.size > 500) parsed.clear();
  parsed.set(source, templates);
  try {
    return ((await engine.render(templates, variables)) as string).trim();
  } catch (err) {
    throw new TemplateError('text', (err as Error).message, isLiquidLimit(err));
  }
}
