'use client';
// Draws a form from field descriptions (lib/fields.ts) over one object: a node's definition in
// the side panel, or the campaign settings. Each field shows the problems whose path it holds.
import { useState } from 'react';
import type { EventTypeSummary } from '../../core/contract/event-types.ts';
import type { Field } from '../lib/fields.ts';
import { getPath, parseRecord, parseScalar, recordText } from '../lib/fields.ts';
import { NamedPicker } from './NamedPicker.tsx';
import { SuggestedInput, TemplatePicker, type TemplateChoice } from './Pickers.tsx';

type Obj = Record<string, unknown>;

export interface FormContext {
  templates: TemplateChoice[];
  /** Event types Herald has recorded, offered by event type fields (undefined while loading). */
  eventTypes?: EventTypeSummary[];
  nodeIds: string[];
  /** Problems by field path ("timeout.amount"), as core/graph-problems.ts reports them. */
  problems: Map<string, string[]>;
  /** Prefix of test ids, e.g. "field" gives data-testid="field-timeout.amount". */
  testId: string;
}

/**
 * JSON typed as text: the text is kept while it does not parse yet, and what parses is saved as
 * the object; text that never parses is saved as text, so the api names the field.
 */
function JsonInput(p: {
  id: string;
  value: unknown;
  placeholder?: string;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(() =>
    p.value === undefined ? '' : typeof p.value === 'string' ? p.value : JSON.stringify(p.value),
  );
  return (
    <textarea
      id={p.id}
      data-testid={p.id}
      rows={4}
      spellCheck={false}
      autoComplete="off"
      placeholder={p.placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return p.onChange(undefined);
        try {
          p.onChange(JSON.parse(e.target.value) as unknown);
        } catch {
          p.onChange(e.target.value);
        }
      }}
    />
  );
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A datetime-local input's text for an ISO time, in the browser's own zone, and back. */
const toLocalInput = (iso: unknown) => {
  if (typeof iso !== 'string' || iso === '') return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function Input({
  field,
  path,
  value,
  onChange,
  ctx,
}: {
  field: Field;
  path: string;
  value: unknown;
  onChange: (path: string, value: unknown) => void;
  ctx: FormContext;
}) {
  const id = `${ctx.testId}-${path}`;
  switch (field.type) {
    case 'text':
      if (field.suggest)
        return (
          <SuggestedInput
            id={id}
            suggest={field.suggest}
            value={typeof value === 'string' ? value : ''}
            eventTypes={ctx.eventTypes}
            placeholder={field.placeholder}
            onChange={(v) => onChange(path, v)}
          />
        );
      return (
        <input
          id={id}
          data-testid={id}
          value={typeof value === 'string' ? value : ''}
          placeholder={field.placeholder}
          onChange={(e) => onChange(path, e.target.value)}
        />
      );
    case 'number':
      return (
        <input
          id={id}
          data-testid={id}
          type="number"
          value={typeof value === 'number' ? value : ''}
          onChange={(e) =>
            onChange(path, e.target.value === '' ? undefined : Number(e.target.value))
          }
        />
      );
    case 'scalar':
      return (
        <input
          id={id}
          data-testid={id}
          value={
            typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
              ? String(value)
              : ''
          }
          onChange={(e) =>
            onChange(path, e.target.value === '' ? undefined : parseScalar(e.target.value))
          }
        />
      );
    case 'checkbox':
      return (
        <input
          id={id}
          data-testid={id}
          type="checkbox"
          checked={typeof value === 'boolean' ? value : (field.initial ?? false)}
          onChange={(e) => onChange(path, e.target.checked)}
        />
      );
    case 'textarea':
    case 'record':
      return (
        <textarea
          id={id}
          data-testid={id}
          rows={4}
          placeholder={field.type === 'textarea' ? field.placeholder : 'Header-Name: value'}
          value={
            field.type === 'record' ? recordText(value) : typeof value === 'string' ? value : ''
          }
          onChange={(e) =>
            onChange(
              path,
              e.target.value === ''
                ? undefined
                : field.type === 'record'
                  ? parseRecord(e.target.value)
                  : e.target.value,
            )
          }
        />
      );
    case 'secret':
      return field.multiline ? (
        <textarea
          id={id}
          data-testid={id}
          rows={4}
          autoComplete="off"
          spellCheck={false}
          placeholder={field.placeholder}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(path, e.target.value === '' ? undefined : e.target.value)}
        />
      ) : (
        <input
          id={id}
          data-testid={id}
          type="password"
          autoComplete="new-password"
          placeholder={field.placeholder}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(path, e.target.value === '' ? undefined : e.target.value)}
        />
      );
    case 'textList':
      return (
        <input
          id={id}
          data-testid={id}
          placeholder={field.placeholder}
          value={Array.isArray(value) ? value.join(', ') : ''}
          onChange={(e) => {
            const words = e.target.value
              .split(',')
              .map((w) => w.trim())
              .filter(Boolean);
            onChange(path, words.length > 0 ? words : undefined);
          }}
        />
      );
    case 'json':
      return (
        <JsonInput
          id={id}
          value={value}
          placeholder={field.placeholder}
          onChange={(v) => onChange(path, v)}
        />
      );
    case 'numberList':
      return (
        <input
          id={id}
          data-testid={id}
          placeholder="1, 15"
          value={Array.isArray(value) ? value.join(', ') : ''}
          onChange={(e) => {
            const days = e.target.value
              .split(',')
              .map((d) => d.trim())
              .filter(Boolean)
              .map(Number);
            onChange(path, days.length > 0 ? days : undefined);
          }}
        />
      );
    case 'datetime':
      return (
        <input
          id={id}
          data-testid={id}
          type="datetime-local"
          value={toLocalInput(value)}
          onChange={(e) =>
            onChange(path, e.target.value ? new Date(e.target.value).toISOString() : undefined)
          }
        />
      );
    case 'template':
      return (
        <TemplatePicker
          id={id}
          value={typeof value === 'string' ? value : ''}
          templates={ctx.templates}
          onChange={(v) => onChange(path, v)}
        />
      );
    case 'named':
      return (
        <NamedPicker
          id={id}
          what={field.what}
          value={typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(path, v)}
        />
      );
    case 'select':
    case 'node': {
      const options =
        field.type === 'select' ? field.options : ctx.nodeIds.map((n) => ({ value: n, label: n }));
      const blank = field.type !== 'select' || field.optional === true;
      return (
        <select
          id={id}
          data-testid={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => {
            const picked = e.target.value === '' ? undefined : e.target.value;
            // A select that picks a shape replaces the object that holds it.
            if (field.type === 'select' && field.replaces && picked !== undefined)
              onChange(path.split('.').slice(0, -1).join('.'), field.replaces(picked));
            else onChange(path, picked);
          }}
        >
          {blank && <option value="">— pick —</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    }
    case 'days': {
      const days = Array.isArray(value) ? (value as number[]) : [];
      return (
        <div className="days" data-testid={id}>
          {DAYS.map((d, i) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={days.includes(i + 1)}
                onChange={(e) =>
                  onChange(
                    path,
                    e.target.checked
                      ? [...days, i + 1].sort((a, b) => a - b)
                      : days.filter((x) => x !== i + 1),
                  )
                }
              />
              {d}
            </label>
          ))}
        </div>
      );
    }
    case 'list': {
      const items = Array.isArray(value) ? (value as Obj[]) : [];
      return (
        <div className="list-field" data-testid={id}>
          {items.map((item, i) => (
            <div key={i} className="list-item">
              <FieldForm
                fields={field.item}
                value={item}
                prefix={`${path}.${i}`}
                onChange={onChange}
                ctx={ctx}
              />
              <button
                type="button"
                className="button ghost small"
                onClick={() =>
                  onChange(
                    path,
                    items.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button ghost small"
            onClick={() => onChange(path, [...items, field.newItem(items.length)])}
          >
            {field.addLabel}
          </button>
        </div>
      );
    }
  }
}

export function FieldForm({
  fields,
  value,
  prefix = '',
  onChange,
  ctx,
}: {
  fields: Field[];
  value: Obj;
  /** Path of `value` inside the edited object, for list items. */
  prefix?: string;
  onChange: (path: string, value: unknown) => void;
  ctx: FormContext;
}) {
  return (
    <>
      {fields
        .filter((f) => !f.when || f.when(value))
        .map((f) => {
          const path = prefix ? `${prefix}.${f.path}` : f.path;
          const problems = ctx.problems.get(path) ?? [];
          return (
            <div key={path} className={`field${problems.length > 0 ? ' field-invalid' : ''}`}>
              <label htmlFor={`${ctx.testId}-${path}`}>{f.label}</label>
              <Input
                field={f}
                path={path}
                value={getPath(value, f.path)}
                onChange={onChange}
                ctx={ctx}
              />
              {f.help && <div className="muted small">{f.help}</div>}
              {problems.map((p) => (
                <div key={p} className="field-error" data-testid={`error-${ctx.testId}-${path}`}>
                  {p}
                </div>
              ))}
            </div>
          );
        })}
    </>
  );
}
