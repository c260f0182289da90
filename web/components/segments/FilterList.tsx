'use client';
// Filters on event properties ("amount more than 150") or on receipts' and lines' custom fields:
// a name, then a test that takes any operator (the value's type is known only from data).
import { TestInput } from './TestInput.tsx';
import { SuggestedText } from './Suggestions.tsx';

type Obj = Record<string, unknown>;

export function FilterList({
  id,
  name,
  filters,
  onChange,
}: {
  id: string;
  /** Events name theirs `property`, custom filters `key`. */
  name: 'property' | 'key';
  filters: Obj[];
  onChange: (filters: Obj[]) => void;
}) {
  const update = (i: number, next: Obj) => onChange(filters.map((f, j) => (j === i ? next : f)));
  return (
    <span className="segment-filters">
      {filters.map((f, i) => (
        <span key={i} className="segment-filter">
          <SuggestedText
            id={`${id}-${i}-name`}
            suggest={name === 'property' ? 'eventProperty' : undefined}
            value={typeof f[name] === 'string' ? f[name] : ''}
            placeholder={name === 'property' ? 'property' : 'custom field'}
            onChange={(text) => update(i, { ...f, [name]: text })}
          />
          <TestInput
            id={`${id}-${i}`}
            type="any"
            test={f.test as Obj | undefined}
            onChange={(test) => update(i, { ...f, test })}
          />
          <button
            type="button"
            className="segment-remove"
            aria-label="Remove filter"
            onClick={() => onChange(filters.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        className="link-button"
        data-testid={`${id}-add`}
        onClick={() => onChange([...filters, { [name]: '', test: { op: 'equals' } }])}
      >
        + filter
      </button>
    </span>
  );
}
