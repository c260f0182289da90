'use client';
// Pickers instead of typing: event types and property names offered from what Herald has
// recorded (a typo used to never fire, silently), and templates with a preview of what they say
// and a link to edit them. Used by the side panel's forms (FieldForm.tsx).
import type { EventTypeSummary } from '../../core/contract/event-types.ts';
import { SmsCount } from './channel-editor/MessagePreview.tsx';

/** What the template picker shows of a template: enough to tell two of one name apart. */
export interface TemplateChoice {
  id: string;
  name: string;
  channel?: string;
  subject?: string;
  mjml?: string;
  /** The text of an SMS, push or Viber template. */
  body?: string;
  updatedAt?: string;
}

/** The first words a template says, from its markup: the preview under the picker. */
export function templateText(mjml: string, length = 140): string {
  const text = mjml
    .replace(/<(style|mj-style|mj-head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Names repeated in the list get their channel and date, so the picker never lists a name twice. */
export function templateLabels(templates: TemplateChoice[]): Map<string, string> {
  const seen = new Map<string, number>();
  for (const t of templates) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  return new Map(
    templates.map((t) => [
      t.id,
      (seen.get(t.name) ?? 0) > 1
        ? `${t.name} (${[t.channel, t.updatedAt?.slice(0, 10)].filter(Boolean).join(', ')})`
        : t.name,
    ]),
  );
}

export function TemplatePicker({
  id,
  value,
  templates,
  onChange,
}: {
  id: string;
  value: string;
  templates: TemplateChoice[];
  onChange: (value: string | undefined) => void;
}) {
  const labels = templateLabels(templates);
  const picked = templates.find((t) => t.id === value);
  return (
    <>
      <select
        id={id}
        data-testid={id}
        value={value}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">— pick a template —</option>
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {labels.get(t.id)}
          </option>
        ))}
      </select>
      {picked && (
        <div className="template-preview" data-testid="template-preview">
          {picked.subject && <strong>{picked.subject}</strong>}
          {picked.mjml && <p className="muted small">{templateText(picked.mjml)}</p>}
          {!picked.mjml && picked.body && (
            <p
              className="muted small"
              style={{ overflowWrap: 'anywhere' }}
              data-testid="template-preview-text"
            >
              {picked.body}
            </p>
          )}
          {/* The count as the SMS gateway will split it, before Liquid fills the variables. */}
          {picked.channel === 'sms' && (
            <SmsCount text={picked.body ?? ''} testId="step-sms-count" />
          )}
          <a href={`/templates/${picked.id}`} target="_blank" rel="noreferrer" className="small">
            Edit this template ↗
          </a>
        </div>
      )}
    </>
  );
}

/**
 * A text field offering what Herald has recorded: event types, or events' property names. An
 * event type never recorded is flagged (a typo would never fire), not refused: a new site may
 * not have sent it yet.
 */
export function SuggestedInput({
  id,
  suggest,
  value,
  eventTypes,
  placeholder,
  onChange,
}: {
  id: string;
  suggest: 'eventType' | 'eventProperty';
  value: string;
  eventTypes: EventTypeSummary[] | undefined;
  placeholder?: string;
  onChange: (value: string) => void;
}) {
  const unknown =
    suggest === 'eventType' &&
    value !== '' &&
    eventTypes &&
    !eventTypes.some((t) => t.type === value);
  return (
    <>
      <input
        id={id}
        data-testid={id}
        list={suggest === 'eventType' ? 'recorded-event-types' : 'recorded-event-properties'}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
      {unknown && (
        <div className="field-hint" data-testid={`${id}-unknown`}>
          Herald has not recorded a “{value}” event yet: check the spelling, or that your site sends
          it.
        </div>
      )}
    </>
  );
}

/** The lists both inputs read, drawn once per form (datalists are looked up by id). */
export function RecordedEventLists({ eventTypes }: { eventTypes: EventTypeSummary[] }) {
  const properties = new Map<string, number>();
  for (const t of eventTypes)
    for (const p of t.properties) properties.set(p.name, (properties.get(p.name) ?? 0) + p.count);
  return (
    <>
      <datalist id="recorded-event-types">
        {eventTypes.map((t) => (
          <option key={t.type} value={t.type}>
            {`${t.count} recorded`}
          </option>
        ))}
      </datalist>
      <datalist id="recorded-event-properties">
        {[...properties.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([name]) => (
            <option key={name} value={name} />
          ))}
      </datalist>
    </>
  );
}
