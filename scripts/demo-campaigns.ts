// The demo campaigns and templates, shared by the launcher's demo data and by tests.
import type { CreateTemplate } from '../core/campaign.ts';
import type { CampaignGraph, Duration } from '../core/graph.ts';

const mjml = (heading: string, body: string, button?: { text: string; href: string }) => `<mjml>
  <mj-head><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /></mj-attributes></mj-head>
  <mj-body background-color="#f4f4f7">
    <mj-section background-color="#ffffff" padding="32px">
      <mj-column>
        <mj-text font-size="22px" font-weight="bold" color="#1f2937">${heading}</mj-text>
        <mj-text font-size="15px" line-height="22px" color="#374151">${body}</mj-text>
        ${button ? `<mj-button background-color="#4f46e5" href="${button.href}">${button.text}</mj-button>` : ''}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

export const welcomeTemplate: CreateTemplate = {
  name: 'Welcome email',
  channel: 'email',
  subject: 'Welcome to Herald Shop, {{ customer.firstName | default: "friend" }}!',
  mjml: mjml(
    'Welcome, {{ customer.firstName | default: "friend" }}!',
    'Thanks for signing up{% if customer.city %} from {{ customer.city }}{% endif %}. Here is 10% off your first order: <b>WELCOME10</b>.',
    { text: 'Start shopping', href: 'https://shop.example.com' },
  ),
};

export const cartReminderTemplate: CreateTemplate = {
  name: 'Abandoned cart reminder',
  channel: 'email',
  subject: '{{ customer.firstName | default: "Hi" }}, you left something in your cart',
  mjml: mjml(
    'Still thinking it over, {{ customer.firstName | default: "friend" }}?',
    'Your cart{% if event.properties.total %} worth {{ event.properties.total }}{% endif %} is waiting for you.',
    { text: 'Back to my cart', href: 'https://shop.example.com/cart' },
  ),
};

export function welcomeGraph(templateId: string): CampaignGraph {
  return {
    nodes: [
      {
        id: 'signed-up',
        kind: 'trigger',
        eventType: 'signed_up',
        label: 'Signed up',
        position: { x: 0, y: 0 },
      },
      {
        id: 'welcome-email',
        kind: 'sendEmail',
        templateId,
        label: 'Welcome email',
        position: { x: 0, y: 140 },
      },
      { id: 'done', kind: 'exit', label: 'Done', position: { x: 0, y: 280 } },
    ],
    edges: [
      { from: 'signed-up', to: 'welcome-email', exit: 'next' },
      { from: 'welcome-email', to: 'done', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  };
}

export function abandonedCartGraph(templateId: string, wait: Duration): CampaignGraph {
  return {
    nodes: [
      {
        id: 'cart-updated',
        kind: 'trigger',
        eventType: 'cart_updated',
        label: 'Cart updated',
        position: { x: 0, y: 0 },
      },
      {
        id: 'wait',
        kind: 'delay',
        duration: wait,
        label: 'Give them time',
        position: { x: 0, y: 140 },
      },
      {
        id: 'purchased',
        kind: 'condition',
        rule: { kind: 'eventSinceEntry', eventType: 'purchase' },
        label: 'Purchased since?',
        position: { x: 0, y: 280 },
      },
      {
        id: 'converted',
        kind: 'exit',
        label: 'Bought: no reminder',
        position: { x: -180, y: 420 },
      },
      {
        id: 'reminder',
        kind: 'sendEmail',
        templateId,
        label: 'Cart reminder',
        position: { x: 180, y: 420 },
      },
      { id: 'reminded', kind: 'exit', label: 'Reminded', position: { x: 180, y: 560 } },
    ],
    edges: [
      { from: 'cart-updated', to: 'wait', exit: 'next' },
      { from: 'wait', to: 'purchased', exit: 'next' },
      { from: 'purchased', to: 'converted', exit: 'yes' },
      { from: 'purchased', to: 'reminder', exit: 'no' },
      { from: 'reminder', to: 'reminded', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  };
}

/**
 * A long win-back campaign: stage after stage of "wait a day, bought yet? if not, an A/B pair of
 * reminders", ending after `stages` stages. 3 + 5 × stages nodes: 8 stages make the 43-node demo,
 * 40 the 203-node canvas of bench/canvas.ts. Positions are left to the canvas's layout.
 */
export function winBackGraph(templateId: string, stages: number): CampaignGraph {
  const nodes: CampaignGraph['nodes'] = [
    { id: 'lapsed', kind: 'trigger', eventType: 'customer_lapsed', label: 'Customer lapsed' },
    { id: 'came-back', kind: 'exit', label: 'Came back' },
    { id: 'gave-up', kind: 'exit', label: 'Gave up' },
  ];
  const edges: CampaignGraph['edges'] = [];
  let previous: { from: string; exit: string }[] = [{ from: 'lapsed', exit: 'next' }];
  for (let i = 1; i <= stages; i++) {
    const id = (name: string) => `s${i}-${name}`;
    nodes.push(
      {
        id: id('wait'),
        kind: 'delay',
        duration: { amount: i, unit: 'days' },
        label: `Wait ${i} day${i > 1 ? 's' : ''}`,
      },
      {
        id: id('bought'),
        kind: 'condition',
        rule: { kind: 'eventSinceEntry', eventType: 'purchase' },
        label: `Stage ${i}: bought?`,
      },
      {
        id: id('ab'),
        kind: 'split',
        variants: [
          { name: 'A', weight: 50 },
          { name: 'B', weight: 50 },
        ],
        label: `Stage ${i} test`,
      },
      { id: id('mail-a'), kind: 'sendEmail', templateId, label: `Stage ${i} reminder A` },
      { id: id('mail-b'), kind: 'sendEmail', templateId, label: `Stage ${i} reminder B` },
    );
    for (const p of previous) edges.push({ from: p.from, to: id('wait'), exit: p.exit });
    edges.push(
      { from: id('wait'), to: id('bought'), exit: 'next' },
      { from: id('bought'), to: 'came-back', exit: 'yes' },
      { from: id('bought'), to: id('ab'), exit: 'no' },
      { from: id('ab'), to: id('mail-a'), exit: 'A' },
      { from: id('ab'), to: id('mail-b'), exit: 'B' },
    );
    previous = [
      { from: id('mail-a'), exit: 'next' },
      { from: id('mail-b'), exit: 'next' },
    ];
  }
  for (const p of previous) edges.push({ from: p.from, to: 'gave-up', exit: p.exit });
  return {
    nodes,
    edges,
    reentry: { kind: 'oncePerPeriod', days: 90 },
    goal: { eventType: 'purchase', filters: [] },
  };
}
