'use client';
// An event's properties on the profile's timeline: one line naming the first few, which opens
// into every property as a key and its value (nested values indented), instead of raw JSON.
import { Fragment } from 'react';
import styles from '../customers.module.css';

/** Properties named on the folded line; the rest are counted. */
const SHOWN = 3;

const short = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return Array.isArray(v) ? `${v.length} items` : '{…}';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

const full = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

export function EventProperties({ properties }: { properties: Record<string, unknown> }) {
  const keys = Object.keys(properties);
  if (keys.length === 0) return <span className="muted small">no properties</span>;
  const line = keys
    .slice(0, SHOWN)
    .map((k) => `${k}: ${short(properties[k])}`)
    .join(' · ');
  return (
    <details data-testid="event-properties">
      <summary className={styles.propertiesLine}>
        {line}
        {keys.length > SHOWN && <span className="muted"> · {keys.length - SHOWN} more</span>}
      </summary>
      <dl className={styles.propertyList}>
        {keys.map((k) => (
          <Fragment key={k}>
            <dt className="mono">{k}</dt>
            <dd className="mono" data-property={k}>
              {full(properties[k])}
            </dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}
