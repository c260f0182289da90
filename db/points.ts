// Points rules, the ledger and balances. Every change is a ledger row with its reason, written
// in one transaction with the balance. Spending takes from the accruals that expire first, so
// expiry later removes only what is left of each accrual.
import type { Knex } from 'knex';
import { conflict } from '../core/errors.ts';
import {
  expiryOf,
  type LedgerEntry,
  type PointsRule,
  type PointsRuleInput,
  receiptPoints,
} from '../core/points.ts';
import type { Db } from './connection.ts';

export interface RuleRow {
  id: string;
  kind: 'receipt' | 'event';
  name: string;
  percent: string | null;
  event_type: string | null;
  amount: string | null;
  expires_after_days: number | null;
  active: boolean;
  created_at: Date;
}

interface LedgerRow {
  id: number;
  customer_id: string;
  delta: string;
  reason: string;
  rule_id: string | null;
  receipt_id: string | null;
  expires_at: Date | null;
  remaining: string;
  created_at: Date;
}

const num = (v: string | null) => (v === null ? null : Number(v));

const toRule = (r: RuleRow): PointsRule => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  percent: num(r.percent),
  eventType: r.event_type,
  amount: num(r.amount),
  expiresAfterDays: r.expires_after_days,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

const toEntry = (r: LedgerRow): LedgerEntry => ({
  id: Number(r.id),
  delta: Number(r.delta),
  reason: r.reason,
  ruleId: r.rule_id,
  receiptId: r.receipt_id,
  expiresAt: r.expires_at?.toISOString() ?? null,
  remaining: Number(r.remaining),
  createdAt: r.created_at.toISOString(),
});

export async function createPointsRule(db: Db, input: PointsRuleInput): Promise<PointsRule> {
  const [row] = await db('points_rules')
    .insert({
      kind: input.kind,
      name: input.name,
      percent: input.kind === 'receipt' ? input.percent : null,
      event_type: input.kind === 'event' ? input.eventType : null,
      amount: input.kind === 'event' ? input.amount : null,
      expires_after_days: input.expiresAfterDays ?? null,
      active: input.active,
    })
    .returning<RuleRow[]>('*');
  return toRule(row!);
}

export async function listPointsRules(db: Db): Promise<PointsRule[]> {
  return (await db('points_rules').orderBy('created_at').select<RuleRow[]>('*')).map(toRule);
}

export async function setPointsRuleActive(
  db: Db,
  id: string,
  active: boolean,
): Promise<PointsRule | undefined> {
  const [row] = await db('points_rules').where({ id }).update({ active }).returning<RuleRow[]>('*');
  return row && toRule(row);
}

export interface Accrual {
  customerId: string;
  delta: number;
  reason: string;
  ruleId?: string;
  receiptId?: string;
  eventId?: string;
  expiresAfterDays?: number | null;
  /** What earned the points; the same key never changes the balance twice. */
  idempotencyKey?: string;
}

export interface Posted {
  entry: LedgerEntry;
  balance: number;
}

/** Takes `amount` from the customer's open accruals, those expiring first first. */
async function spendFromAccruals(trx: Knex.Transaction, customerId: string, amount: number) {
  await trx.raw(
    `
with open as (
  select id, remaining,
         sum(remaining) over (order by expires_at nulls last, id) - remaining as before
  from points_ledger where customer_id = ? and remaining > 0
)
update points_ledger p set remaining = p.remaining - least(o.remaining, greatest(? - o.before, 0))
from open o where p.id = o.id and o.before < ?`,
    [customerId, amount, amount],
  );
}

/**
 * Posts one change to the ledger and the balance. Returns undefined when its idempotency key
 * was posted before. A debit larger than the balance is refused: points never go below zero.
 */
export async function postPoints(db: Db, a: Accrual): Promise<Posted | undefined> {
  return db.transaction(async (trx) => {
    const [{ balance }] = (await trx('points_balances')
      .insert({ customer_id: a.customerId, balance: 0 })
      .onConflict('customer_id')
      .merge({ customer_id: a.customerId })
      .returning('balance')) as [{ balance: string }];
    // The upsert above locked the balance row: postings of one customer queue here.
    if (a.idempotencyKey) {
      const seen = await trx('points_ledger')
        .where({ idempotency_key: a.idempotencyKey })
        .first<{ id: number } | undefined>('id');
      if (seen) return undefined;
    }
    if (a.delta < 0 && Number(balance) + a.delta < 0)
      throw conflict(
        `The balance is ${Number(balance)} points; ${-a.delta} cannot be taken. Take at most the balance.`,
      );
    if (a.delta < 0) await spendFromAccruals(trx, a.customerId, -a.delta);
    const now = new Date();
    const [row] = await trx('points_ledger')
      .insert({
        customer_id: a.customerId,
        delta: a.delta,
        reason: a.reason,
        rule_id: a.ruleId ?? null,
        receipt_id: a.receiptId ?? null,
        event_id: a.eventId ?? null,
        expires_at: a.delta > 0 ? expiryOf(now, a.expiresAfterDays) : null,
        remaining: a.delta > 0 ? a.delta : 0,
        idempotency_key: a.idempotencyKey ?? null,
        created_at: now,
      })
      .returning<LedgerRow[]>('*');
    const [updated] = (await trx('points_balances')
      .where({ customer_id: a.customerId })
      .update({ balance: trx.raw('balance + ?', [a.delta]), updated_at: now })
      .returning('balance')) as [{ balance: string }];
    return { entry: toEntry(row!), balance: Number(updated.balance) };
  });
}

/** The active rules that earn points for events, read once by a pipeline for all its events. */
export const activeEventRules = (db: Db): Promise<RuleRow[]> => activeRules(db, { kind: 'event' });

async function activeRules(db: Db, where: Partial<RuleRow>): Promise<RuleRow[]> {
  return db('points_rules')
    .where({ active: true, ...where })
    .orderBy('created_at')
    .select<RuleRow[]>('*');
}

/** Posts what each rule earns (nothing when `accrual` says so); a key per rule and source. */
async function accrueByRules(
  db: Db,
  rules: RuleRow[],
  accrual: (rule: RuleRow) => Accrual | undefined,
): Promise<Posted[]> {
  const posted: Posted[] = [];
  for (const rule of rules) {
    const a = accrual(rule);
    const p =
      a &&
      (await postPoints(db, { ...a, ruleId: rule.id, expiresAfterDays: rule.expires_after_days }));
    if (p) posted.push(p);
  }
  return posted;
}

/** Accrues what a receipt earns under every active share rule; once per receipt and rule. */
export async function accrueForReceipt(
  db: Db,
  receipt: { id: string; customerId: string; total: number; externalId: string | null },
): Promise<Posted[]> {
  return accrueByRules(db, await activeRules(db, { kind: 'receipt' }), (rule) => {
    const delta = receiptPoints(receipt.total, Number(rule.percent));
    if (delta <= 0) return undefined;
    return {
      customerId: receipt.customerId,
      delta,
      reason: `${rule.name}: ${Number(rule.percent)}% of receipt ${receipt.externalId ?? receipt.id}`,
      receiptId: receipt.id,
      idempotencyKey: `receipt:${receipt.id}:${rule.id}`,
    };
  });
}

/** Accrues the fixed amount of every active rule on this event's type; once per event and rule. */
export async function accrueForEvent(
  db: Db,
  event: { id: string; customerId: string; type: string },
  eventRules?: RuleRow[],
): Promise<Posted[]> {
  const rules = eventRules
    ? eventRules.filter((r) => r.event_type === event.type)
    : await activeRules(db, { kind: 'event', event_type: event.type });
  if (rules.length === 0) return [];
  return accrueByRules(db, rules, (rule) => ({
    customerId: event.customerId,
    delta: Number(rule.amount),
    reason: `${rule.name}: ${event.type}`,
    eventId: event.id,
    idempotencyKey: `event:${event.id}:${rule.id}`,
  }));
}

/**
 * Expires what is left of every accrual whose time has come: one "expired" ledger row per
 * accrual, balances lowered by the same amounts, all in one statement. Safe to run again.
 */
export async function expirePoints(
  db: Db,
  now: Date,
): Promise<{ accruals: number; points: number; customers: number }> {
  const { rows } = await db.raw<{
    rows: { accruals: number; points: string | null; customers: number }[];
  }>(
    `
with due as (
  select id, customer_id, remaining from points_ledger
  where remaining > 0 and expires_at <= ? for update
), cleared as (
  update points_ledger p set remaining = 0 from due where p.id = due.id
), posted as (
  insert into points_ledger (customer_id, delta, reason, idempotency_key, created_at)
  select customer_id, -remaining, 'expired: points of accrual #' || id, 'expire:' || id, ?
  from due returning customer_id, delta
), per_customer as (
  select customer_id, sum(delta) as delta from posted group by customer_id
), balances as (
  update points_balances b set balance = b.balance + pc.delta, updated_at = ?
  from per_customer pc where b.customer_id = pc.customer_id
)
select (select count(*) from posted)::int as accruals, (select -sum(delta) from posted) as points,
       (select count(*) from per_customer)::int as customers`,
    [now, now, now],
  );
  const r = rows[0]!;
  return { accruals: r.accruals, points: Number(r.points ?? 0), customers: r.customers };
}

/** Customers with points that expire after `now` and within `withinDays`: how many, and when. */
export async function pointsExpiringSoon(
  db: Db,
  now: Date,
  withinDays: number,
): Promise<{ customerId: string; points: number; firstExpiresAt: string }[]> {
  const until = new Date(now.getTime() + withinDays * 86_400_000);
  const rows = await db('points_ledger')
    .where('remaining', '>', 0)
    .where('expires_at', '>', now)
    .where('expires_at', '<=', until)
    .groupBy('customer_id')
    .orderBy('customer_id')
    .select<{ customer_id: string; points: string; first: Date }[]>(
      'customer_id',
      db.raw('sum(remaining) as points'),
      db.raw('min(expires_at) as first'),
    );
  return rows.map((r) => ({
    customerId: r.customer_id,
    points: Number(r.points),
    firstExpiresAt: r.first.toISOString(),
  }));
}

export async function getPoints(
  db: Db,
  customerId: string,
  limit = 100,
): Promise<{ balance: number; ledger: LedgerEntry[] }> {
  const balance = await db('points_balances')
    .where({ customer_id: customerId })
    .first<{ balance: string } | undefined>('balance');
  const ledger = await db('points_ledger')
    .where({ customer_id: customerId })
    .orderBy('id', 'desc')
    .limit(limit)
    .select<LedgerRow[]>('*');
  return { balance: Number(balance?.balance ?? 0), ledger: ledger.map(toEntry) };
}
