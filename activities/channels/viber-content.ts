// A Viber message's image and button from its template's content (core/channel-content.ts),
// with Liquid in the URLs rendered like the text, so a button can lead to the customer's own page.
import type { TemplateContent } from '../../core/channel-content.ts';
import { renderText } from '../../core/message-text.ts';

export interface ViberExtras {
  imageUrl?: string;
  button?: { text: string; url: string };
}

export async function viberExtras(
  content: TemplateContent | undefined,
  variables: Record<string, unknown>,
): Promise<ViberExtras> {
  if (!content) return {};
  const imageUrl = content.imageUrl && (await renderText(content.imageUrl, variables));
  const button =
    content.buttonText && content.buttonUrl
      ? { text: content.buttonText, url: await renderText(content.buttonUrl, variables) }
      : undefined;
  return { ...(imageUrl && { imageUrl }), ...(button && { button }) };
}
