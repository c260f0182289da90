// Profile changes made by a campaign's "update profile" step. Each step's actions apply once:
// the journey's key is recorded in the same transaction, so a retry finds it and does nothing.
import type { ProfileAction } from '../core/graph.ts';
import type { Db } from './connection.ts';
import { columns } from './customers.ts';
import { type Posted, postPoints } from './points.ts';

export class UnknownAttributeError extends Error {}

/**
 * Applies the actions once per key. Returns the points postings made (for their announcement),
 * or undefined when the key was applied before.
 */
export async function applyProfileActions(
  db: Db,
  input: { key: string; customerId: string; campaignId: string; actions: ProfileAction[] },
): Promise<Posted[] | undefined> {
  return db.transaction(async (trx) => {
    const inserted = await trx('journey_actions_applied')
      .insert({ key: input.key })
      .onConflict('key')
      .ignore()
      .returning('key');
    if (inserted.length === 0) return undefined;
    const posted: Posted[] = [];
    const customer = trx('customers').where({ id: input.customerId });
    for (const [index, action] of input.actions.entries()) {
      switch (action.op) {
        case 'set': {
          if (action.attribute.startsWith('custom.')) {
            const field = action.attribute.slice('custom.'.length);
            await customer.clone().update({
              custom: trx.raw('jsonb_set(custom, ?::text[], ?::jsonb)', [
                `{${field}}`,
                JSON.stringify(action.value),
              ]),
              updated_at: trx.fn.now(),
            });
          } else {
            const column = columns[action.attribute as keyof typeof columns];
            if (!column) throw new UnknownAttributeError(`no attribute "${action.attribute}"`);
            await customer.clone().update({ [column]: action.value, updated_at: trx.fn.now() });
          }
          break;
        }
        case 'addTag':
          await customer.clone().update({
            tags: trx.raw('(select array_agg(distinct t) from unnest(array_append(tags, ?)) t)', [
              action.tag,
            ]),
          });
          break;
        case 'removeTag':
          await customer.clone().update({ tags: trx.raw('array_remove(tags, ?)', [action.tag]) });
          break;
        case 'addToAudience':
          await trx('audience_members')
            .insert({
              audience_id: action.audienceId,
              customer_id: input.customerId,
              source: `campaign:${input.campaignId}`,
            })
            .onConflict(['audience_id', 'customer_id'])
            .ignore();
          break;
        case 'accruePoints': {
          const done = await postPoints(trx, {
            customerId: input.customerId,
            delta: action.amount,
            reason: action.reason,
            idempotencyKey: `${input.key}:${index}`,
          });
          if (done) posted.push(done);
          break;
        }
      }
    }
    return posted;
  });
}
