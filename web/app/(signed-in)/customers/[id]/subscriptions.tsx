'use client';
// The profile's subscriptions: what the customer may be sent now per messaging type and channel
// (a grid, read as the contact policy reads it), then every consent change with its source (an
// unsubscribe link, the preference page, the api), newest first, so that a marketer can see why
// a message was skipped.
import type { MessagingTypes } from '../../../../../core/contract/messaging-types.ts';
import type { Consents } from '../../../../../core/contract/privacy.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { CHANNELS, type ConsentCell, consentGrid } from '../../../../lib/consent-grid.ts';
import { useApi } from '../../../../lib/use-api.ts';
import styles from '../customers.module.css';
import { EmptyRow } from '../../../../components/EmptyRow.tsx';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';

/** Until the types load (or for a role that may not list them): the default marketing type. */
const PROMO = [{ key: 'promo', name: 'promo', transactional: false }];

function Cell({ cell }: { cell: ConsentCell }) {
  if (cell.state === 'always')
    return (
      <span className="muted" title="Transactional: sent whatever the customer left">
        always
      </span>
    );
  const why = cell.leftAll ?? cell.chosen;
  const title = why
    ? `${why.subscribed ? 'Subscribed' : 'Unsubscribed'}${why.messagingType === 'all' ? ' from every type' : ''} ${formatDateTime(why.at)}${why.source ? ` (${why.source})` : ''}`
    : 'No choice recorded: marketing is sent until the customer leaves it';
  return (
    <span
      className={cell.state === 'subscribed' ? styles.positive : styles.negative}
      title={title}
      data-state={cell.state}
    >
      {cell.state === 'subscribed' ? '✓ subscribed' : '✕ unsubscribed'}
      {!why && cell.state === 'subscribed' && <span className="muted small"> (default)</span>}
    </span>
  );
}

export function Subscriptions({ customerId }: { customerId: string }) {
  const { data, error } = useApi<Consents>(
    `/v1/customers/${encodeURIComponent(customerId)}/consents`,
    15_000,
  );
  const types = useApi<MessagingTypes>('/v1/messaging-types');
  const grid = consentGrid(data?.subscriptions ?? [], types.data?.messagingTypes ?? PROMO);
  const history = [...(data?.history ?? [])].reverse();
  return (
    <section className="section">
      <h2>Subscriptions</h2>
      {error && <ErrorNotice error={error} />}
      <div className="card">
        <table className="table" data-testid="profile-consents">
          <thead>
            <tr>
              <th>May be sent now</th>
              {CHANNELS.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.map((row) => (
              <tr key={row.key} data-type={row.key}>
                <td>
                  {row.name}
                  {row.name !== row.key && <span className="muted small mono"> {row.key}</span>}
                </td>
                {CHANNELS.map((c) => (
                  <td key={c} data-channel={c}>
                    <Cell cell={row.cells[c]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className={`card ${styles.below}`}>
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
                <td>{c.messagingType === 'all' ? 'every type' : c.messagingType}</td>
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
