'use client';
// Value pickers fed by the data: a datalist of what Herald has recorded for a field (cities,
// stores, categories, products, event types and properties, custom fields), searched as typed.
import { useEffect, useState } from 'react';
import type { SegmentValues } from '../../../core/contract/segment-values.ts';
import { api } from '../../lib/api.ts';
import type { Option, Suggest } from '../../lib/segments/kinds.ts';
import { useBuilder } from './context.tsx';

const TYPING_PAUSE_MS = 250;

/** The options for `suggest` matching `q`: recorded lists locally, the rest from the api. */
export function useSuggestions(suggest: Suggest | undefined, q: string): Option[] {
  const { eventTypes, customFields } = useBuilder();
  const [remote, setRemote] = useState<Option[]>([]);
  const local =
    suggest === 'eventType'
      ? eventTypes.map((t) => ({ value: t.type, label: `${t.count} recorded` }))
      : suggest === 'eventProperty'
        ? [...new Set(eventTypes.flatMap((t) => t.properties.map((p) => p.name)))].map((name) => ({
            value: name,
            label: name,
          }))
        : suggest === 'customField'
          ? customFields.map((f) => ({ value: f.key, label: `${f.entity}: ${f.type}` }))
          : undefined;
  useEffect(() => {
    if (!suggest || local !== undefined) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ field: suggest, q });
      api<SegmentValues>(`/v1/segment-values?${params.toString()}`)
        .then((answer) => !cancelled && setRemote(answer.values))
        .catch(() => !cancelled && setRemote([]));
    }, TYPING_PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `local` follows from `suggest`, so it needs no place among the dependencies.
  }, [suggest, q, local === undefined]);
  return local ?? remote;
}

/** A text input offering the field's recorded values. */
export function SuggestedText({
  id,
  suggest,
  value,
  placeholder,
  onChange,
  onEnter,
}: {
  id: string;
  suggest?: Suggest;
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
  onEnter?: () => void;
}) {
  const options = useSuggestions(suggest, value);
  const listId = `${id}-options`;
  return (
    <>
      <input
        id={id}
        data-testid={id}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        list={suggest ? listId : undefined}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (onEnter && (e.key === 'Enter' || e.key === ',')) {
            e.preventDefault();
            onEnter();
          }
        }}
      />
      {suggest && (
        <datalist id={listId} data-testid={`${id}-options`}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label === o.value ? undefined : o.label}
            </option>
          ))}
        </datalist>
      )}
    </>
  );
}

/** A list of values as chips; typed or picked values are added with Enter or a comma. */
export function ValuesInput({
  id,
  suggest,
  values,
  numeric,
  onChange,
}: {
  id: string;
  suggest?: Suggest;
  values: unknown[];
  numeric: boolean;
  onChange: (values: unknown[]) => void;
}) {
  const [typed, setTyped] = useState('');
  const add = () => {
    const text = typed.trim();
    if (text === '') return;
    const value = numeric ? Number(text) : text;
    if (numeric && !Number.isFinite(value)) return;
    if (!values.includes(value)) onChange([...values, value]);
    setTyped('');
  };
  return (
    <div className="segment-values" data-testid={`${id}-values`}>
      {values.map((v) => (
        <span key={String(v)} className="segment-chip">
          {String(v)}
          <button
            type="button"
            aria-label={`Remove ${String(v)}`}
            onClick={() => onChange(values.filter((x) => x !== v))}
          >
            ×
          </button>
        </span>
      ))}
      <SuggestedText
        id={id}
        suggest={suggest}
        value={typed}
        placeholder="type, then Enter"
        onChange={(text) => {
          // A value picked from the list arrives whole: take it at once.
          setTyped(text);
        }}
        onEnter={add}
      />
      <button type="button" className="button small-button" onClick={add} data-testid={`${id}-add`}>
        Add
      </button>
    </div>
  );
}
