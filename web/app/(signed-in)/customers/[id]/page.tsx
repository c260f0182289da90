'use client';
// A customer's 360° profile: who they are, what they are worth, what they like, what they
// bought, what Herald sent them and which journeys they are on, from GET /v1/customers/{id}/profile.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect } from 'react';
import { useApi } from '../../../../lib/use-api.ts';
import styles from '../customers.module.css';
import { displayName, type Profile } from '../profile-types.ts';
import { Campaigns, Messages, Timeline, Visits } from './activity.tsx';
import { Attributes, Interests, MetricsTiles, Points, Receipts } from './sections.tsx';
import { Subscriptions } from './subscriptions.tsx';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';

const REFRESH_MS = 15_000;

export default function CustomerPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, reload } = useApi<Profile>(
    `/v1/customers/${encodeURIComponent(id)}/profile`,
    REFRESH_MS,
  );

  useEffect(() => {
    if (data) document.title = `${displayName(data.customer)} · Herald`;
  }, [data]);

  const back = (
    <Link href="/customers" className="back">
      ← All customers
    </Link>
  );
  if (!data)
    return (
      <>
        {back}
        {error ? <ErrorNotice error={error} onRetry={reload} /> : <p className="muted">Loading…</p>}
      </>
    );

  const p = data;
  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1 data-testid="profile-name">{displayName(p.customer)}</h1>
          <p className="muted small mono">{p.customer.id}</p>
        </div>
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      <MetricsTiles metrics={p.metrics} />
      <div className={styles.columns}>
        <section className="section">
          <h2>Profile</h2>
          <Attributes customer={p.customer} />
        </section>
        <div>
          <section className="section">
            <h2>Interests</h2>
            <Interests interests={p.interests} />
          </section>
          <Points balance={p.points.balance} ledger={p.points.ledger} />
          <Visits visits={p.webVisits} />
        </div>
      </div>
      <Receipts receipts={p.receipts.receipts} more={p.receipts.next !== null} />
      <Campaigns entries={p.campaigns} />
      <Messages messages={p.messages} />
      <Subscriptions customerId={p.customer.id} />
      {/* Keyed by the first page, so a refresh that brings new events starts paging afresh. */}
      <Timeline
        key={p.events.events[0]?.id ?? 'none'}
        customerId={p.customer.id}
        first={p.events}
      />
    </>
  );
}
