'use client';
// One test of a condition: the operators its value type takes (only those), then the inputs the
// chosen operator reads: a value, a list, a range, N days, a calendar period or dates.
import type { Suggest, TestType } from '../../lib/segments/kinds.ts';
import { CALENDAR_WORDS, inputsOf, OP_WORDS, opsFor, withOp } from '../../lib/segments/ops.ts';
import { SuggestedText, ValuesInput } from './Suggestions.tsx';

type Obj = Record<string, unknown>;

/** A number input's value, or undefined while empty (a draft's missing value). */
const num = (text: string) => (text.trim() === '' ? undefined : Number(text));
const numText = (v: unknown) => (typeof v === 'number' ? String(v) : '');
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What a typed single value means for the type: a number, a text, or (any) as it reads. */
function typed(type: TestType, text: string): unknown {
  if (type === 'number') return num(text);
  if (type === 'any' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'any' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function TestInput({
  id,
  type,
  ops,
  test,
  suggest,
  optional,
  onChange,
}: {
  id: string;
  type: TestType;
  /** Overrides the operators (periods use their own list). */
  ops?: readonly string[];
  test: Obj | undefined;
  suggest?: Suggest;
  /** The test may be absent ("any store"): an empty choice leaves it out. */
  optional?: boolean;
  onChange: (test: Obj | undefined) => void;
}) {
  const op = typeof test?.op === 'string' ? test.op : '';
  const set = (key: string, value: unknown) => onChange({ ...test, op, [key]: value });
  const inputs = op ? inputsOf(op) : 'none';
  const dateType = type === 'date' || inputs === 'date' || inputs === 'dates';
  return (
    <span className="segment-test">
      <select
        data-testid={`${id}-op`}
        aria-label="Operator"
        value={op}
        onChange={(e) => onChange(e.target.value ? withOp(test, e.target.value) : undefined)}
      >
        {(optional || !op) && <option value="">{optional ? 'any' : '— pick —'}</option>}
        {(ops ?? opsFor(type)).map((o) => (
          <option key={o} value={o}>
            {OP_WORDS[o] ?? o}
          </option>
        ))}
      </select>
      {inputs === 'value' && (
        <SuggestedText
          id={`${id}-value`}
          suggest={type === 'number' ? undefined : suggest}
          value={str(test?.value)}
          placeholder={type === 'number' ? 'number' : 'value'}
          onChange={(text) => set('value', typed(type, text))}
        />
      )}
      {inputs === 'values' && (
        <ValuesInput
          id={`${id}-values`}
          suggest={suggest}
          numeric={type === 'number'}
          values={Array.isArray(test?.values) ? test.values : []}
          onChange={(values) => set('values', values)}
        />
      )}
      {inputs === 'range' && (
        <>
          <input
            type="number"
            data-testid={`${id}-min`}
            aria-label="From"
            value={numText(test?.min)}
            onChange={(e) => set('min', num(e.target.value))}
          />
          <span className="muted">and</span>
          <input
            type="number"
            data-testid={`${id}-max`}
            aria-label="To"
            value={numText(test?.max)}
            onChange={(e) => set('max', num(e.target.value))}
          />
        </>
      )}
      {inputs === 'days' && (
        <>
          <input
            type="number"
            min={0}
            className="segment-days"
            data-testid={`${id}-days`}
            aria-label="Days"
            value={numText(test?.days)}
            onChange={(e) => set('days', num(e.target.value))}
          />
          <span className="muted">days</span>
        </>
      )}
      {inputs === 'calendar' && (
        <select
          data-testid={`${id}-period`}
          aria-label="Calendar period"
          value={str(test?.period)}
          onChange={(e) => set('period', e.target.value)}
        >
          {Object.entries(CALENDAR_WORDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
      {dateType && inputs === 'date' && (
        <input
          type="date"
          data-testid={`${id}-date`}
          aria-label="Date"
          value={str(test?.date)}
          onChange={(e) => set('date', e.target.value || undefined)}
        />
      )}
      {inputs === 'dates' && (
        <>
          <input
            type="date"
            data-testid={`${id}-from`}
            aria-label="From"
            value={str(test?.from)}
            onChange={(e) => set('from', e.target.value || undefined)}
          />
          <span className="muted">to</span>
          <input
            type="date"
            data-testid={`${id}-to`}
            aria-label="To"
            value={str(test?.to)}
            onChange={(e) => set('to', e.target.value || undefined)}
          />
        </>
      )}
    </span>
  );
}
