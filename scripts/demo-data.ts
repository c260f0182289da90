// Demo data for `npm run dev`: an admin user, a development API key, a few hundred customers,
// the demo campaigns, published, and their analytics (scripts/demo-analytics.ts). Safe to run on
// every start: it only adds what is missing.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CreateTemplate } from '../core/campaign.ts';
import type { CampaignGraph } from '../core/graph.ts';
import { createApiKey, upsertUser } from '../db/auth.ts';
import { createCampaign, publishCampaign } from '../db/campaigns.ts';
import type { Db } from '../db/connection.ts';
import { createTemplate } from '../db/templates.ts';
import { loadDemoAnalytics } from './demo-analytics.ts';
import {
  abandonedCartGraph,
  winBackGraph,
  cartReminderTemplate,
  welcomeGraph,
  welcomeTemplate,
} from './demo-campaigns.ts';

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Radia',
  'Tim',
  'Frances',
  'John',
  'Hedy',
  'Edsger',
  'Karen',
  'Donald',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Perlman',
  'Berners-Lee',
  'Allen',
  'Backus',
  'Lamarr',
  'Dijkstra',
  'Jones',
  'Knuth',
];
const CITIES: [string, string][] = [
  ['London', 'Europe/London'],
  ['Berlin', 'Europe/Berlin'],
  ['New York', 'America/New_York'],
  ['São Paulo', 'America/Sao_Paulo'],
  ['Tokyo', 'Asia/Tokyo'],
  ['Sydney', 'Australia/Sydney'],
  ['Novosibirsk', 'Asia/Novosibirsk'],
];

/** The development API key: made once, kept in DATA_DIR/dev-api-key so a second run reuses it. */
export async function ensureDevApiKey(db: Db, dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'dev-api-key');
  const key = existsSync(file)
    ? readFileSync(file, 'utf8').trim()
    : `hk_dev_${randomBytes(18).toString('base64url')}`;
  await createApiKey(db, 'development', { key });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function ensureCampaign(
  db: Db,
  name: string,
  template: CreateTemplate,
  graph: (templateId: string) => CampaignGraph,
) {
  if (await db('campaigns').where({ name }).first()) return;
  const t = await createTemplate(db, template);
  const definition = graph(t.id);
  const campaign = await createCampaign(db, { name, graph: definition });
  await publishCampaign(db, campaign.id, definition, 'Demo data');
}

export async function loadDemoData(
  db: Db,
  admin: { email: string; password: string },
): Promise<void> {
  await upsertUser(db, {
    email: admin.email,
    name: 'Herald Admin',
    password: admin.password,
    role: 'admin',
  });
  await ensureCampaign(db, 'Welcome', welcomeTemplate, welcomeGraph);
  await ensureCampaign(db, 'Abandoned cart', cartReminderTemplate, (id) =>
    abandonedCartGraph(id, { amount: 2, unit: 'minutes' }),
  );
  // The larger campaign: what the canvas holds at 43 steps.
  await ensureCampaign(db, 'Win-back', cartReminderTemplate, (id) => winBackGraph(id, 8));
  const { n } = (await db('customers').count('* as n').first()) as { n: number };
  if (Number(n) === 0) await insertDemoCustomers(db);
  await loadDemoAnalytics(db);
}

async function insertDemoCustomers(db: Db): Promise<void> {
  const customers = Array.from({ length: 300 }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const [city, timeZone] = CITIES[i % CITIES.length]!;
    return {
      external_id: `demo-${i + 1}`,
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
      first_name: first,
      last_name: last,
      city,
      time_zone: timeZone,
      // Inserted directly, so the fields ingestion would derive are set here.
      time_zone_source: 'given',
      email_provider: 'example.com',
      gender: i % 3 === 0 ? 'female' : i % 3 === 1 ? 'male' : 'unknown',
      birth_date: `19${60 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      custom: JSON.stringify({ tier: i % 10 === 0 ? 'gold' : 'standard' }),
      source: 'demo',
    };
  });
  const rows = await db('customers')
    .insert(customers)
    .returning<{ id: string; email: string }[]>(['id', 'email']);
  await db('contacts').insert(
    rows.map((r) => ({ customer_id: r.id, channel: 'email', address: r.email })),
  );
}
