// The profile's data sections: who the customer is, what they are worth, what they like, their
// points and their receipts.
import { formatDateTime } from '../../../../lib/format.ts';
import styles from '../customers.module.css';
import { EmptyRow } from '../../../../components/EmptyRow.tsx';
import {
  type Customer,
  type CustomerMetrics,
  formatAmount,
  type Interest,
  type LedgerEntry,
  type Receipt,
  segmentName,
} from '../profile-types.ts';

const dash = <span className="muted">—</span>;

/** "24 Nov 2026": a tile has room for the day only; the receipts below give the time. */
const formatDay = (iso: string | null) =>
  iso && new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

function customValue(v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

export function Attributes({ customer: c }: { customer: Customer }) {
  const rows: [string, React.ReactNode][] = [
    ['Email', c.email],
    [
      'Phone',
      c.phone &&
        `${c.phone}${c.phoneCountry ? ` (${c.phoneCountry})` : ''}${c.phoneCarrier ? ` · ${c.phoneCarrier}` : ''}`,
    ],
    ['Gender', c.gender],
    ['Birth date', c.birthDate],
    ['City', c.city],
    ['Time zone', `${c.timeZone} (${c.timeZoneSource})`],
    ['Locale', c.locale],
    ['External ID', c.externalId && <span className="mono">{c.externalId}</span>],
    ['Source', c.source],
    ['Added', formatDateTime(c.createdAt)],
    ...Object.entries(c.custom ?? {}).map(
      ([k, v]) => [k, customValue(v)] as [string, React.ReactNode],
    ),
  ];
  return (
    <div className="card">
      <dl className={styles.attributes} data-testid="profile-attributes">
        {rows.map(([label, value]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>{value || dash}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Tile({
  label,
  value,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  testId?: string;
}) {
  return (
    <div className={styles.tile} data-testid={testId}>
      <div className={styles.tileLabel}>{label}</div>
      <div className={styles.tileValue}>{value ?? dash}</div>
    </div>
  );
}

export function MetricsTiles({ metrics: m }: { metrics: CustomerMetrics }) {
  return (
    <div className="card">
      <div className={styles.tiles} data-testid="profile-metrics">
        <Tile label="Receipts" value={m.receiptsCount.toLocaleString()} testId="metric-receipts" />
        <Tile label="Total spent" value={formatAmount(m.totalSpent)} testId="metric-total" />
        <Tile label="Average check" value={formatAmount(m.averageCheck)} />
        <Tile label="CLTV" value={formatAmount(m.cltv)} />
        <Tile label="First purchase" value={formatDay(m.firstPurchaseAt)} />
        <Tile label="Last purchase" value={formatDay(m.lastPurchaseAt)} />
        <Tile label="Days since last purchase" value={m.daysSinceLastPurchase?.toLocaleString()} />
        <Tile
          label="RFM"
          testId="metric-rfm"
          value={
            m.rfm && (
              <>
                <span className={styles.segment}>{segmentName(m.rfm.segment)}</span>
                <div className="muted small" title="Recency, frequency, monetary: 1 to 5">
                  R{m.rfm.r} F{m.rfm.f} M{m.rfm.m}
                </div>
              </>
            )
          }
        />
      </div>
    </div>
  );
}

export function Interests({ interests }: { interests: Interest[] }) {
  return (
    <div className="card">
      <div className={styles.chips} data-testid="profile-interests">
        {interests.length === 0 && <span className="muted">No browsing or purchases yet.</span>}
        {interests.map((i) => (
          <span key={i.category} className={styles.chip}>
            {i.category} <span className="muted">{Math.round(i.score * 100)}%</span>
          </span>
        ))}
      </div>
    </div>
  );
}

export function Points({ balance, ledger }: { balance: number; ledger: LedgerEntry[] }) {
  return (
    <section className="section">
      <div className="section-header">
        <h2>Points</h2>
        <span data-testid="points-balance">
          Balance <strong>{balance.toLocaleString()}</strong>
        </span>
      </div>
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Reason</th>
              <th className="num">Change</th>
              <th>Expires</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((e) => (
              <tr key={e.id}>
                <td className="muted nowrap">{formatDateTime(e.createdAt)}</td>
                <td>{e.reason}</td>
                <td className={`num ${e.delta > 0 ? styles.positive : styles.negative}`}>
                  {e.delta > 0 ? '+' : ''}
                  {e.delta.toLocaleString()}
                </td>
                <td className="muted nowrap">
                  {e.expiresAt ? `${formatDateTime(e.expiresAt)} (${e.remaining} left)` : '—'}
                </td>
              </tr>
            ))}
            {ledger.length === 0 && <EmptyRow columns={4}>No points yet.</EmptyRow>}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function Receipts({ receipts, more }: { receipts: Receipt[]; more: boolean }) {
  return (
    <section className="section">
      <div className="section-header">
        <h2>Receipts</h2>
        {more && <span className="muted small">the latest {receipts.length}</span>}
      </div>
      <div className="card">
        <table className="table" data-testid="profile-receipts">
          <thead>
            <tr>
              <th>When</th>
              <th>Receipt</th>
              <th>Store</th>
              <th>Lines</th>
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {receipts.map((r) => (
              <tr key={r.id}>
                <td className="muted nowrap">{formatDateTime(r.occurredAt)}</td>
                <td className="mono small">
                  {r.externalId ?? r.id}
                  {r.source && <div className="muted">{r.source}</div>}
                </td>
                <td>{r.store ?? dash}</td>
                <td>
                  {r.lines.map((l, i) => (
                    <div key={i} className="small">
                      {l.quantity} × {l.name ?? l.productId ?? 'item'}{' '}
                      <span className="muted">
                        {l.category && `${l.category} · `}
                        {formatAmount(l.amount)}
                      </span>
                    </div>
                  ))}
                </td>
                <td className="num nowrap">
                  {formatAmount(r.total, r.currency)}
                  {/* Sent in another currency: what the customer paid, beside what it counts as. */}
                  {r.originalCurrency !== r.currency && (
                    <div className="small muted">
                      {formatAmount(r.originalTotal, r.originalCurrency)}
                    </div>
                  )}
                </td>
              </tr>
            ))}
            {receipts.length === 0 && <EmptyRow columns={5}>No purchases yet.</EmptyRow>}
          </tbody>
        </table>
      </div>
    </section>
  );
}
