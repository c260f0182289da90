'use client';
// The profile's activity sections: campaigns entered (each linked to its journey in the Temporal
// UI), messages with every status they went through, web visits and the events timeline.
import Link from 'next/link';
import { useState } from 'react';
import { StatusBadge } from '../../../../components/StatusBadge.tsx';
import { api } from '../../../../lib/api.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import styles from '../customers.module.css';
import { EmptyRow } from '../../../../components/EmptyRow.tsx';
import type {
  EventsPage,
  JourneyEntry,
  Message,
  TimelineEvent,
  WebVisit,
} from '../profile-types.ts';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';
import { EventProperties } from './event-properties.tsx';
import { sayError } from '../../../../lib/error-words.ts';

export function Campaigns({ entries }: { entries: JourneyEntry[] }) {
  return (
    <section className="section">
      <h2>Campaigns</h2>
      <div className="card">
        <table className="table" data-testid="profile-campaigns">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Status</th>
              <th>Entered</th>
              <th>Journey in Temporal</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link href={`/campaigns/${e.campaignId}`} className="row-link">
                    {e.campaignName}
                  </Link>
                  <div className="muted small">
                    v{e.version}
                    {e.entryNumber > 1 && `, entry ${e.entryNumber}`}
                    {e.currentNode && ` · at ${e.currentNode}`}
                  </div>
                </td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                <td className="muted nowrap">{formatDateTime(e.enteredAt)}</td>
                <td>
                  <a
                    href={e.temporalUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="workflow-link mono small"
                    title={`Open ${e.workflowId} in the Temporal UI`}
                    data-testid="profile-temporal-link"
                  >
                    <span className="truncate">{e.workflowId}</span>
                    <span aria-hidden> ↗</span>
                  </a>
                </td>
              </tr>
            ))}
            {entries.length === 0 && (
              <EmptyRow columns={4}>No campaign has reached them yet.</EmptyRow>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function Messages({ messages }: { messages: Message[] }) {
  return (
    <section className="section">
      <h2>Messages</h2>
      <div className="card">
        <table className="table" data-testid="profile-messages">
          <thead>
            <tr>
              <th>Sent</th>
              <th>Message</th>
              <th>Status</th>
              <th>History</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td className="muted nowrap">{formatDateTime(m.createdAt)}</td>
                <td>
                  {m.subject ?? <span className="muted">({m.channel})</span>}
                  <div className="muted small">
                    {m.channel}
                    {m.toAddress && ` to ${m.toAddress}`}
                    {m.campaignName && ` · ${m.campaignName}`}
                  </div>
                  {m.error && <div className="small notice error">{m.error}</div>}
                </td>
                <td>
                  <StatusBadge status={m.status} />
                </td>
                <td>
                  <ul className={styles.history}>
                    {m.history.map((s, i) => (
                      <li key={i}>
                        <strong>{s.status}</strong>{' '}
                        <span className="muted">{formatDateTime(s.at)}</span>
                        {s.detail && <span className="muted mono"> {s.detail}</span>}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
            {messages.length === 0 && <EmptyRow columns={4}>Nothing sent to them yet.</EmptyRow>}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function Visits({ visits }: { visits: WebVisit[] }) {
  return (
    <section className="section">
      <h2>Web visits</h2>
      <div className="card">
        <table className="table" data-testid="profile-visits">
          <tbody>
            {visits.map((v) => (
              <tr key={v.id}>
                <td className="muted nowrap">{formatDateTime(v.occurredAt)}</td>
                <td>
                  {v.title ?? v.url ?? <span className="muted">(no address)</span>}
                  {v.title && v.url && <div className="muted small truncate">{v.url}</div>}
                </td>
              </tr>
            ))}
            {visits.length === 0 && <EmptyRow columns={2}>No page views recorded.</EmptyRow>}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The events timeline; "Show older" fetches the next page with the cursor the api gave. */
export function Timeline({ customerId, first }: { customerId: string; first: EventsPage }) {
  const [older, setOlder] = useState<TimelineEvent[]>([]);
  const [next, setNext] = useState(first.next);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const events = [...first.events, ...older];

  async function loadOlder() {
    if (!next) return;
    setBusy(true);
    try {
      const page = await api<EventsPage>(
        `/v1/customers/${encodeURIComponent(customerId)}/events?before=${encodeURIComponent(next)}`,
      );
      setOlder((o) => [...o, ...page.events]);
      setNext(page.next);
      setError(undefined);
    } catch (err) {
      setError(sayError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section">
      <h2>Events</h2>
      {error && <ErrorNotice error={error} />}
      <div className="card">
        <table className="table" data-testid="profile-events">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Properties</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-testid="timeline-event">
                <td className="muted nowrap">{formatDateTime(e.occurredAt)}</td>
                <td className="mono">
                  {e.type}
                  {e.source && <div className="muted small">{e.source}</div>}
                </td>
                <td>
                  <EventProperties properties={e.properties} />
                </td>
              </tr>
            ))}
            {events.length === 0 && <EmptyRow columns={3}>No events yet.</EmptyRow>}
          </tbody>
        </table>
        {next && (
          <div className={styles.more}>
            <button
              type="button"
              className={styles.pagerButton}
              onClick={() => void loadOlder()}
              disabled={busy}
              data-testid="timeline-older"
            >
              {busy ? 'Loading…' : 'Show older events'}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
