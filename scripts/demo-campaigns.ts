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
