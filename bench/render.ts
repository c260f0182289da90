// Render benchmark (issue 14): emails rendered per second, one per recipient, for a 20-block
// template with a product loop, through Herald's renderer (core/templates.ts: subject, HTML and
// text part, HTML escaping, render limits), against bare liquidjs (default options) rendering
// the same compiled parts, in the same run. MJML is compiled once, as a send does per revision.
// Usage: node --import tsx bench/render.ts [emails=5000] [products=6]
import { Liquid } from 'liquidjs';
import mjml2html from 'mjml';
import { performance } from 'node:perf_hooks';
import { compileEmailTemplate, htmlToText } from '../core/templates.ts';

const EMAILS = Number(process.argv[2] ?? 5000);
const PRODUCTS = Number(process.argv[3] ?? 6);

const section = (inner: string) => `<mj-section><mj-column>${inner}</mj-column></mj-section>`;
const text = (s: string) => section(`<mj-text>${s}</mj-text>`);

// Twenty blocks, as the editor makes them: the loop is one of them.
const blocks = [
  section('<mj-image src="https://shop.example.com/logo.png" alt="Herald Shop" width="160px" />'),
  text('Hello {{ customer.firstName | default: "friend" }},'),
  text('{% if customer.city %}News for {{ customer.city }}{% else %}News for you{% endif %}'),
  section('<mj-image src="https://shop.example.com/hero.jpg" alt="Winter collection" />'),
  text(
    'Our winter collection is here. {{ customer.custom.tier | default: "Member" }} prices inside.',
  ),
  section(
    '<mj-button href="https://shop.example.com/winter?c={{ customer.id }}">Shop now</mj-button>',
  ),
  section('<mj-divider border-color="#e5e7eb" />'),
  text('<h2>Picked for you</h2>'),
  // MJML drops text between columns, so a loop lives inside a block: here a table of products.
  section(
    '<mj-table>{% for p in event.properties.items %}<tr><td><img src="{{ p.image }}" alt="{{ p.name }}" width="80" /></td><td>{{ p.name }}</td><td>{{ p.price | times: 1.0 }} EUR</td></tr>{% endfor %}</mj-table>',
  ),
  section('<mj-spacer height="20px" />'),
  `<mj-section><mj-column><mj-text>Free delivery over 50 EUR</mj-text></mj-column><mj-column><mj-text>Returns within 30 days</mj-text></mj-column></mj-section>`,
  text('Your points: {{ customer.custom.points | default: 0 }}'),
  section('<mj-divider border-color="#e5e7eb" />'),
  text('{% for t in customer.tags limit: 3 %}#{{ t }} {% endfor %}'),
  section('<mj-image src="https://shop.example.com/banner.png" alt="Sale" />'),
  text('Questions? Reply to this email, {{ customer.firstName | default: "friend" }}.'),
  section(
    '<mj-social><mj-social-element name="facebook" href="https://facebook.com/herald">Facebook</mj-social-element><mj-social-element name="instagram" href="https://instagram.com/herald">Instagram</mj-social-element></mj-social>',
  ),
  section('<mj-spacer height="10px" />'),
  text('Herald Shop, 1 Example Street, Berlin'),
  text('<a href="{{ unsubscribeUrl }}">Unsubscribe</a>'),
];
const mjml = `<mjml><mj-body>${blocks.join('\n')}</mj-body></mjml>`;
const subject = 'News for {{ customer.firstName | default: "you" }}';

const recipients = Array.from({ length: 1000 }, (_, i) => ({
  customer: {
    id: `c-${i}`,
    firstName: `Name${i}`,
    city: i % 2 ? 'Berlin' : undefined,
    tags: ['vip', 'winter', 'shoes'],
    custom: { tier: 'Gold', points: i * 10 },
  },
  event: {
    properties: {
      items: Array.from({ length: PRODUCTS }, (_, j) => ({
        name: `Product ${j}`,
        price: 10 + j,
        image: `https://shop.example.com/p/${j}.jpg`,
      })),
    },
  },
  unsubscribeUrl: `https://herald.example.com/u/${i}.signature`,
}));

/** Emails per second over EMAILS renders, after a warm-up of 500. */
async function rate(render: (vars: object) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await render(recipients[i % recipients.length]!);
  const start = performance.now();
  for (let i = 0; i < EMAILS; i++) await render(recipients[i % recipients.length]!);
  return EMAILS / ((performance.now() - start) / 1000);
}

const herald = await compileEmailTemplate({ subject, mjml });
// The same compiled parts for bare liquidjs: the MJML compiled once, its text part as Herald makes it.
const compiledHtml = (await mjml2html(mjml)).html;
const sample = await herald.render(recipients[0]!);
if (!sample.html.includes(`Product ${PRODUCTS - 1}`))
  throw new Error('the product loop rendered nothing');
const bare = new Liquid();
const parts = [subject, compiledHtml, htmlToText(compiledHtml)].map((p) => bare.parse(p));
const renderBare = async (vars: object) => {
  for (const p of parts) await bare.render(p, vars);
};

// Alternated, so that neither side gets the warmer machine.
const heraldRates: number[] = [];
const bareRates: number[] = [];
for (let round = 0; round < 3; round++) {
  heraldRates.push(await rate((v) => herald.render(v as Record<string, unknown>)));
  bareRates.push(await rate(renderBare));
}
const best = (xs: number[]) => Math.max(...xs);
const h = best(heraldRates);
const b = best(bareRates);
console.log(
  `template: ${blocks.length} blocks, a loop of ${PRODUCTS} products; ${Math.round(compiledHtml.length / 1024)} KB of HTML per email (${Math.round(sample.html.length / 1024)} KB rendered)`,
);
console.log(`Herald (subject + HTML + text, escaped, limited): ${h.toFixed(0)} emails/s`);
console.log(`bare liquidjs (same compiled parts):              ${b.toFixed(0)} emails/s`);
console.log(`ratio Herald / bare: ${(h / b).toFixed(2)}`);
