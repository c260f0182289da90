'use client';
// The profile's subscriptions: what the customer may be sent per channel and messaging type
// now, and every consent change with its source (an unsubscribe link, the preference page, the
// api), newest first, so that a marketer can see why a message was skipped.
import type { Consents } from '../../../../../core/contract/privacy.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { EmptyRow } from '../EmptyRow.tsx';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';

export function Subscriptions({ customerId }: { customerId: string }) {
  const { data, error } = useApi<Consents>(
    `/v1/customers/${encodeURIComponent(customerId)}/consents`,
    15_000,
  );
  const history = [...(data?.history ?? [])].reverse();
  return (
    <section className="section">
      <h2>Subscriptions</h2>
      {error && <ErrorNotice error={error} />}
      <div className="card">
        <table className="table" data-testid="profile-subscriptions">
          <thead>
            <tr>
              <th>When</th>
              <th>Channel</th>
              <th>Messaging type</th>
              <th>Choice</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {history.map((c, i) => (
              <tr key={i}>
                <td className="muted nowrap">{formatDateTime(c.at)}</td>
                <td>{c.channel}</td>
                <td>{c.messagingType}</td>
                <td>{c.subscribed ? 'subscribed' : 'unsubscribed'}</td>
                <td className="muted">{c.source}</td>
              </tr>
            ))}
            {history.length === 0 && (
              <EmptyRow columns={5}>
                {data ? 'No consent recorded: subscribed to every marketing type.' : 'Loading…'}
              </EmptyRow>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
