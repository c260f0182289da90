'use client';
// The variable picker every template editor shows (issue 14): the profile, custom fields,
// metrics, points, the triggering event's properties, the last receipt, viewed products, the
// cart, and snippets for a condition and a loop. The editor decides where the Liquid goes.
import { useMemo, useState } from 'react';
import type { CustomFields } from '../../core/contract/custom-fields.ts';
import type { EventTypes } from '../lib/api.ts';
import { pickerGroups } from '../lib/template-picker.ts';
import { useApi } from '../lib/use-api.ts';

export function VariablePicker({
  onInsert,
  disabled,
  insertLabel = 'Insert',
}: {
  onInsert: (liquid: string) => void;
  disabled?: boolean;
  insertLabel?: string;
}) {
  // Either may be refused to a role without customers:read or campaigns:read: the rest remains.
  const fields = useApi<CustomFields>('/v1/custom-fields');
  const events = useApi<EventTypes>('/v1/event-types');
  const groups = useMemo(
    () => pickerGroups(fields.data?.fields, events.data?.eventTypes),
    [fields.data, events.data],
  );
  const [key, setKey] = useState('customer.firstName');
  const entry = groups.flatMap((g) => g.entries).find((e) => e.key === key);

  return (
    <span className="variable-picker">
      <label>
        Variable{' '}
        <select data-testid="variable-picker" value={key} onChange={(e) => setKey(e.target.value)}>
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.entries.map((e) => (
                <option key={e.key} value={e.key}>
                  {e.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>{' '}
      <code className="small muted" data-testid="variable-liquid">
        {entry?.liquid}
      </code>{' '}
      <button
        type="button"
        className="button"
        data-testid="insert-variable"
        disabled={disabled || !entry}
        onClick={() => entry && onInsert(entry.liquid)}
      >
        {insertLabel}
      </button>
    </span>
  );
}
