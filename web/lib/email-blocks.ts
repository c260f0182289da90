// The email editor's blocks (issue 14): each is MJML that the editor (GrapesJS with
// grapesjs-mjml) appends to the body. Liquid loops live inside one block's content, because MJML
// drops text between its own tags: the product list loops inside its mj-text.

export interface EmailBlock {
  id: string;
  label: string;
  mjml: string;
}

const section = (inner: string) => `<mj-section><mj-column>${inner}</mj-column></mj-section>`;

export const EMAIL_BLOCKS: EmailBlock[] = [
  { id: 'text', label: 'Text', mjml: section('<mj-text>Write something here.</mj-text>') },
  {
    id: 'image',
    label: 'Image',
    mjml: section(
      '<mj-image src="https://placehold.co/600x200/png" alt="Describe the image" width="600px"></mj-image>',
    ),
  },
  {
    id: 'button',
    label: 'Button',
    mjml: section(
      '<mj-button href="https://example.com" background-color="#111827">Shop now</mj-button>',
    ),
  },
  {
    id: 'columns',
    label: 'Two columns',
    mjml: '<mj-section><mj-column><mj-text>Left</mj-text></mj-column><mj-column><mj-text>Right</mj-text></mj-column></mj-section>',
  },
  {
    id: 'divider',
    label: 'Divider',
    mjml: section('<mj-divider border-color="#e5e7eb"></mj-divider>'),
  },
  { id: 'spacer', label: 'Spacer', mjml: section('<mj-spacer height="24px"></mj-spacer>') },
  {
    id: 'social',
    label: 'Social',
    mjml: section(
      '<mj-social><mj-social-element name="facebook" href="https://facebook.com/">Facebook</mj-social-element><mj-social-element name="instagram" href="https://instagram.com/">Instagram</mj-social-element></mj-social>',
    ),
  },
  {
    id: 'products',
    label: 'Product list',
    mjml: section(
      '<mj-text>{% for item in event.properties.items limit: 10 %}<p><strong>{{ item.name }}</strong> · {{ item.price }}</p>{% endfor %}</mj-text>',
    ),
  },
  {
    id: 'unsubscribe',
    label: 'Unsubscribe footer',
    mjml: section(
      '<mj-text font-size="12px" color="#6b7280" align="center">You receive this because you subscribed. <a href="{{ unsubscribeUrl }}">Unsubscribe or change what we send you</a></mj-text>',
    ),
  },
];

/** A new template's body: one text block, ready for blocks to be added below it. */
export const STARTER_MJML = `<mjml><mj-body>${section('<mj-text>Hello {{ customer.firstName | default: "friend" }},</mj-text>')}</mj-body></mjml>`;

// Import keeps an MJML file as it is and an HTML one in an mj-raw block (core/template-import.ts).
export { importedMjml } from '../../core/template-import.ts';
