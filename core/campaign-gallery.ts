// The campaign templates gallery: ready campaigns a marketer starts from (welcome series,
// abandoned cart, abandoned browse, post-purchase, birthday, win-back, points expiring), each
// with its email templates and a one-line explanation. Pure data: the web app creates the
// templates, then the campaign with its graph, through the api.
import type { CreateTemplate } from './campaign.ts';
import type { CampaignGraph, GraphNode } from './graph.ts';

export interface GalleryCampaign {
  key: string;
  name: string;
  /** What it does, in one line, for the gallery card. */
  explanation: string;
  /** Its emails by a local name; `graph` receives their ids under the same names. */
  templates: Record<string, CreateTemplate>;
  graph: (templateIds: Record<string, string>) => CampaignGraph;
}

/** A simple, readable email: a heading, a paragraph and a button. */
function email(name: string, subject: string, heading: string, body: string, cta: string) {
  return {
    name,
    channel: 'email' as const,
    subject,
    mjml: `<mjml>
  <mj-body background-color="#f4f4f7">
    <mj-section background-color="#ffffff" padding="32px">
      <mj-column>
        <mj-text font-size="22px" font-weight="bold" color="#1f2937">${heading}</mj-text>
        <mj-text font-size="15px" line-height="22px" color="#374151">${body}</mj-text>
        <mj-button background-color="#4f46e5" href="https://shop.example.com">${cta}</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
  };
}

const hi = '{{ customer.firstName | default: "there" }}';

/** Places steps on a grid: column (−1 left, 0 middle, 1 right) and row, 150 px a row. */
const at = (col: number, row: number) => ({ position: { x: col * 260, y: row * 150 } });

type Step = GraphNode;
const exit = (id: string, label: string, col: number, row: number): Step => ({
  id,
  kind: 'exit',
  label,
  ...at(col, row),
});
const send = (id: string, templateId: string, label: string, col: number, row: number): Step => ({
  id,
  kind: 'sendEmail',
  templateId,
  label,
  ...at(col, row),
});
const line = (...ids: string[]) =>
  ids.slice(1).map((to, i) => ({ from: ids[i]!, to, exit: 'next' as const }));

export const campaignGallery: GalleryCampaign[] = [
  {
    key: 'welcome',
    name: 'Welcome series',
    explanation:
      'Greets a new sign-up at once, and nudges them two days later if they have not bought.',
    templates: {
      welcome: email(
        'Welcome',
        `Welcome, ${hi}!`,
        `Welcome, ${hi}!`,
        'Here is 10% off your first order: <b>WELCOME10</b>.',
        'Start shopping',
      ),
      nudge: email(
        'Welcome: first order nudge',
        'Your 10% is still waiting',
        'Still looking around?',
        'Your code <b>WELCOME10</b> is good for a few more days.',
        'Use my code',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'signed-up',
          kind: 'trigger',
          eventType: 'signed_up',
          label: 'Signed up',
          ...at(0, 0),
        },
        send('welcome', t.welcome!, 'Welcome email', 0, 1),
        { id: 'wait', kind: 'delay', duration: { amount: 2, unit: 'days' }, ...at(0, 2) },
        {
          id: 'bought',
          kind: 'condition',
          rule: { kind: 'eventSinceEntry', eventType: 'purchase' },
          label: 'Bought since?',
          ...at(0, 3),
        },
        exit('done', 'Bought: done', -1, 4),
        send('nudge', t.nudge!, 'First order nudge', 1, 4),
        exit('nudged', 'Nudged', 1, 5),
      ],
      edges: [
        ...line('signed-up', 'welcome', 'wait', 'bought'),
        { from: 'bought', to: 'done', exit: 'yes' },
        { from: 'bought', to: 'nudge', exit: 'no' },
        ...line('nudge', 'nudged'),
      ],
      reentry: { kind: 'once' },
      goal: { eventType: 'purchase', filters: [] },
    }),
  },
  {
    key: 'abandoned-cart',
    name: 'Abandoned cart',
    explanation:
      'Reminds a customer of their cart an hour after they stop, and once more a day later if they still have not bought.',
    templates: {
      reminder: email(
        'Abandoned cart: reminder',
        `${hi}, you left something in your cart`,
        'Still thinking it over?',
        'Your cart is waiting for you.',
        'Back to my cart',
      ),
      lastCall: email(
        'Abandoned cart: last call',
        'Your cart is about to expire',
        'Last call for your cart',
        'We kept your items for you, but not for long.',
        'Complete my order',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'cart-left',
          kind: 'trigger',
          eventType: 'cart_updated',
          unlessWithin: {
            eventType: 'purchase',
            filters: [],
            within: { amount: 1, unit: 'hours' },
          },
          label: 'Cart left for an hour',
          ...at(0, 0),
        },
        send('reminder', t.reminder!, 'Cart reminder', 0, 1),
        {
          id: 'wait-purchase',
          kind: 'waitForEvent',
          eventType: 'purchase',
          filters: [],
          timeout: { amount: 1, unit: 'days' },
          ...at(0, 2),
        },
        exit('bought', 'Bought', -1, 3),
        send('last-call', t.lastCall!, 'Last call', 1, 3),
        exit('reminded', 'Reminded twice', 1, 4),
      ],
      edges: [
        ...line('cart-left', 'reminder', 'wait-purchase'),
        { from: 'wait-purchase', to: 'bought', exit: 'event' },
        { from: 'wait-purchase', to: 'last-call', exit: 'timeout' },
        ...line('last-call', 'reminded'),
      ],
      reentry: { kind: 'notWhileRunning' },
      goal: { eventType: 'purchase', filters: [] },
    }),
  },
  {
    key: 'abandoned-browse',
    name: 'Abandoned browse',
    explanation:
      'Shows a product again to a customer who looked at it and did not add it to their cart within two hours.',
    templates: {
      browse: email(
        'Abandoned browse',
        'Still interested?',
        'Take another look',
        'The product you viewed is still available.',
        'See it again',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'viewed',
          kind: 'trigger',
          eventType: 'product_viewed',
          unlessWithin: {
            eventType: 'cart_updated',
            filters: [],
            within: { amount: 2, unit: 'hours' },
          },
          label: 'Viewed, not added to cart',
          ...at(0, 0),
        },
        send('browse', t.browse!, 'Take another look', 0, 1),
        exit('done', 'Done', 0, 2),
      ],
      edges: line('viewed', 'browse', 'done'),
      reentry: { kind: 'oncePerPeriod', days: 7 },
      goal: { eventType: 'purchase', filters: [] },
    }),
  },
  {
    key: 'post-purchase',
    name: 'Post-purchase',
    explanation:
      'Thanks a buyer three days after their order and asks for a review, then suggests what goes with it two weeks later.',
    templates: {
      review: email(
        'Post-purchase: review',
        'How is your order?',
        `Thank you, ${hi}!`,
        'Tell us how you like it: it takes a minute.',
        'Write a review',
      ),
      crossSell: email(
        'Post-purchase: goes well with',
        'Picked for you',
        'Goes well with your order',
        'A few things our customers buy next.',
        'Have a look',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'purchased',
          kind: 'trigger',
          eventType: 'purchase',
          label: 'Purchased',
          ...at(0, 0),
        },
        { id: 'wait-3', kind: 'delay', duration: { amount: 3, unit: 'days' }, ...at(0, 1) },
        send('review', t.review!, 'Ask for a review', 0, 2),
        { id: 'wait-14', kind: 'delay', duration: { amount: 14, unit: 'days' }, ...at(0, 3) },
        send('cross-sell', t.crossSell!, 'Goes well with', 0, 4),
        exit('done', 'Done', 0, 5),
      ],
      edges: line('purchased', 'wait-3', 'review', 'wait-14', 'cross-sell', 'done'),
      reentry: { kind: 'notWhileRunning' },
    }),
  },
  {
    key: 'birthday',
    name: 'Birthday',
    explanation:
      'Wishes each customer a happy birthday with a gift, at 10:00 in their own time zone, every year.',
    templates: {
      birthday: email(
        'Birthday',
        `Happy birthday, ${hi}!`,
        'Happy birthday!',
        'A little gift from us: 15% off with <b>BDAY15</b> this week.',
        'Treat myself',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'birthday',
          kind: 'dateTrigger',
          attribute: 'birthDate',
          offsetDays: 0,
          time: '10:00',
          yearly: true,
          label: 'On their birthday',
          ...at(0, 0),
        },
        send('gift', t.birthday!, 'Birthday gift', 0, 1),
        exit('done', 'Done', 0, 2),
      ],
      edges: line('birthday', 'gift', 'done'),
      reentry: { kind: 'oncePerPeriod', days: 300 },
    }),
  },
  {
    key: 'win-back',
    name: 'Win-back',
    explanation:
      'Writes to customers who have not bought for 90 days, and makes a last offer a week later if they still have not.',
    templates: {
      missYou: email(
        'Win-back: we miss you',
        `We miss you, ${hi}`,
        'It has been a while',
        'Here is what is new since your last visit.',
        'See what is new',
      ),
      lastOffer: email(
        'Win-back: last offer',
        '20% off, just for you',
        'A last offer',
        'Come back with 20% off: <b>BACK20</b>.',
        'Use my offer',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'lapsed',
          kind: 'inactivityTrigger',
          eventType: 'purchase',
          days: 90,
          label: 'No purchase for 90 days',
          ...at(0, 0),
        },
        send('miss-you', t.missYou!, 'We miss you', 0, 1),
        {
          id: 'wait-purchase',
          kind: 'waitForEvent',
          eventType: 'purchase',
          filters: [],
          timeout: { amount: 7, unit: 'days' },
          ...at(0, 2),
        },
        exit('came-back', 'Came back', -1, 3),
        send('last-offer', t.lastOffer!, 'Last offer', 1, 3),
        exit('gave-up', 'Gave up', 1, 4),
      ],
      edges: [
        ...line('lapsed', 'miss-you', 'wait-purchase'),
        { from: 'wait-purchase', to: 'came-back', exit: 'event' },
        { from: 'wait-purchase', to: 'last-offer', exit: 'timeout' },
        ...line('last-offer', 'gave-up'),
      ],
      reentry: { kind: 'oncePerPeriod', days: 90 },
      goal: { eventType: 'purchase', filters: [] },
    }),
  },
  {
    key: 'points-expiring',
    name: 'Points expiring',
    explanation:
      'Tells a customer their loyalty points are about to expire, so they spend them in time.',
    templates: {
      expiring: email(
        'Points expiring',
        'Your points expire soon',
        'Use your points',
        'Some of your points expire soon: spend them before they go.',
        'Spend my points',
      ),
    },
    graph: (t) => ({
      nodes: [
        {
          id: 'expiring',
          kind: 'trigger',
          eventType: 'points_expiring',
          label: 'Points expiring soon',
          ...at(0, 0),
        },
        send('notice', t.expiring!, 'Points expiry notice', 0, 1),
        exit('done', 'Done', 0, 2),
      ],
      edges: line('expiring', 'notice', 'done'),
      reentry: { kind: 'oncePerPeriod', days: 7 },
    }),
  },
];
