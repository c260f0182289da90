// Each customer's purchases in time order, kept with the receipts: the times, and the running sum
// of the totals in cents (spent[k + 1] is what the first k purchases came to; spent[1] is 0).
// Segment rules that count, sum or average purchases in a period ("at least 3 purchases in the
// last year") read this table instead of the receipts (db/segment-sql/purchases.ts): a million
// short rows instead of 10 M receipts, and exact for any period, since a count is a binary
// search of the times themselves.
//
// Statement triggers on receipts recompute the customers a statement touched, from their
// receipts, whether the receipt is new, late, imported in bulk, changed or deleted. Each first
// locks those customers' rows (inserting any that are missing, in customer order), so of two
// transactions writing one customer's receipts the second waits for the first to commit and
// then reads its receipts too.
import type { Knex } from 'knex';

/** The purchases of the customers `who` selects (a query over `receipts r`), as rows of this table. */
const purchasesOf = (where: string) => `
  select x.customer_id,
         array_agg(x.occurred_at order by x.occurred_at, x.id) as at,
         array[0::bigint] || array_agg(x.cum order by x.occurred_at, x.id) as spent
  from (select r.customer_id, r.occurred_at, r.id,
               sum((r.total * 100)::bigint) over (partition by r.customer_id
                 order by r.occurred_at, r.id rows unbounded preceding) as cum
        from receipts r where r.kind = 'purchase' and ${where}) x
  group by x.customer_id`;

/** Fills the table from every receipt (the migration; the segments benchmark after its load). */
export async function fillCustomerPurchases(knex: Knex): Promise<void> {
  await knex.raw(`truncate customer_purchases;
    insert into customer_purchases (customer_id, at, spent) ${purchasesOf('true')}`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create table customer_purchases (
    customer_id uuid primary key references customers(id) on delete cascade,
    at timestamptz[] not null default '{}',
    spent bigint[] not null default '{0}'
  )`);
  await knex.raw(`create function customer_purchases_refresh(ids uuid[]) returns void
    language plpgsql as $$
    begin
      if cardinality(ids) = 0 then return; end if;
      insert into customer_purchases (customer_id)
        select c.id from customers c where c.id = any(ids) order by c.id
        on conflict do nothing;
      perform 1 from customer_purchases p where p.customer_id = any(ids)
        order by p.customer_id for update;
      update customer_purchases p set at = coalesce(f.at, '{}'), spent = coalesce(f.spent, '{0}')
        from (select i.id, s.at, s.spent from unnest(ids) i (id)
              left join (${purchasesOf('r.customer_id = any(ids)')}) s on s.customer_id = i.id) f
        where p.customer_id = f.id;
    end $$`);
  // The customers whose purchases a statement may have changed: a purchase inserted or deleted,
  // or one whose customer, time, total or kind changed (either side of the change).
  await knex.raw(`create function customer_purchases_track() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform customer_purchases_refresh(array(
          select distinct customer_id from new_receipts where kind = 'purchase'));
      elsif tg_op = 'DELETE' then
        perform customer_purchases_refresh(array(
          select distinct customer_id from old_receipts where kind = 'purchase'));
      else
        perform customer_purchases_refresh(array(
          select distinct x.customer_id from old_receipts o full join new_receipts n on n.id = o.id
          cross join lateral (values (o.customer_id, o.kind), (n.customer_id, n.kind)) x (customer_id, kind)
          where x.kind = 'purchase'
            and (o.customer_id, o.occurred_at, o.total, o.kind)
                is distinct from (n.customer_id, n.occurred_at, n.total, n.kind)));
      end if;
      return null;
    end $$`);
  await knex.raw(`create function customer_purchases_clear() returns trigger
    language plpgsql as $$ begin delete from customer_purchases; return null; end $$`);
  await knex.raw(`
    create trigger customer_purchases_insert after insert on receipts
      referencing new table as new_receipts
      for each statement execute function customer_purchases_track();
    create trigger customer_purchases_update after update on receipts
      referencing old table as old_receipts new table as new_receipts
      for each statement execute function customer_purchases_track();
    create trigger customer_purchases_delete after delete on receipts
      referencing old table as old_receipts
      for each statement execute function customer_purchases_track();
    create trigger customer_purchases_truncate after truncate on receipts
      for each statement execute function customer_purchases_clear();`);
  await fillCustomerPurchases(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop trigger if exists customer_purchases_insert on receipts;
    drop trigger if exists customer_purchases_update on receipts;
    drop trigger if exists customer_purchases_delete on receipts;
    drop trigger if exists customer_purchases_truncate on receipts;
    drop function if exists customer_purchases_track();
    drop function if exists customer_purchases_clear();
    drop function if exists customer_purchases_refresh(uuid[]);
    drop table if exists customer_purchases`);
}
