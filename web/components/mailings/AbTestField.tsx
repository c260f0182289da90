'use client';
// A mailing's A/B test: two to five variants (a template each, an email subject instead of the
// template's if wanted), the share kept as a control group, and optionally a test share sent
// first, with the winner picked by opens, clicks or conversions after a set time.
import type { MailingAbTest } from '../../../core/contract/mailings.ts';
import type { Templates } from '../../lib/api.ts';

const numberOr = (v: string, fallback: number | null) => (v === '' ? fallback : Number(v));

export function AbTestField({
  value,
  templates,
  channel,
  disabled,
  onChange,
}: {
  value: MailingAbTest | null | undefined;
  templates: Templates['templates'];
  channel: string;
  disabled: boolean;
  onChange: (ab: MailingAbTest | null) => void;
}) {
  const fit = templates.filter((t) => t.channel === channel);
  if (!value)
    return (
      <label className="mailing-check">
        <input
          type="checkbox"
          checked={false}
          disabled={disabled}
          data-testid="ab-enable"
          onChange={() =>
            onChange({
              variants: [0, 1].map(() => ({ templateId: fit[0]?.id ?? '' })),
              controlPercent: 0,
              winnerBy: 'opens',
              winnerAfterMinutes: 240,
            })
          }
        />{' '}
        A/B test: split the audience between up to five variants
      </label>
    );
  const set = (ab: Partial<MailingAbTest>) => onChange({ ...value, ...ab });
  const setVariant = (i: number, v: Partial<MailingAbTest['variants'][number]>) =>
    set({ variants: value.variants.map((x, j) => (j === i ? { ...x, ...v } : x)) });
  return (
    <fieldset className="mailing-ab" disabled={disabled}>
      <label className="mailing-check">
        <input type="checkbox" checked data-testid="ab-enable" onChange={() => onChange(null)} />{' '}
        A/B test
      </label>
      <ol className="mailing-variants">
        {value.variants.map((v, i) => (
          <li key={i} data-testid="ab-variant">
            <select
              value={v.templateId}
              aria-label={`Variant ${i + 1} template`}
              data-testid={`ab-variant-template-${i}`}
              onChange={(e) =>
                setVariant(i, { templateId: e.target.value, templateRevision: null })
              }
            >
              <option value="">choose a template</option>
              {fit.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            {channel === 'email' && (
              <input
                placeholder="subject (the template's if empty)"
                value={v.subject ?? ''}
                onChange={(e) => setVariant(i, { subject: e.target.value || null })}
              />
            )}
            {value.variants.length > 2 && (
              <button
                type="button"
                className="button ghost small"
                onClick={() => set({ variants: value.variants.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      {value.variants.length < 5 && (
        <button
          type="button"
          className="button small"
          data-testid="ab-add-variant"
          onClick={() => set({ variants: [...value.variants, { templateId: fit[0]?.id ?? '' }] })}
        >
          Add a variant
        </button>
      )}
      <div className="mailing-row">
        <label className="field">
          <span>Control group (% who get nothing)</span>
          <input
            type="number"
            min={0}
            max={50}
            value={value.controlPercent}
            data-testid="ab-control"
            onChange={(e) => set({ controlPercent: numberOr(e.target.value, 0) ?? 0 })}
          />
        </label>
        <label className="field">
          <span>Test share first (% of the rest; empty: all)</span>
          <input
            type="number"
            min={1}
            max={99}
            value={value.testPercent ?? ''}
            data-testid="ab-test-share"
            onChange={(e) => set({ testPercent: numberOr(e.target.value, null) })}
          />
        </label>
        <label className="field">
          <span>Winner by</span>
          <select
            value={value.winnerBy}
            data-testid="ab-winner-by"
            onChange={(e) => set({ winnerBy: e.target.value as MailingAbTest['winnerBy'] })}
          >
            <option value="opens">opens</option>
            <option value="clicks">clicks</option>
            <option value="conversions">conversions</option>
          </select>
        </label>
        <label className="field">
          <span>Picked after (minutes)</span>
          <input
            type="number"
            min={1}
            value={value.winnerAfterMinutes}
            onChange={(e) => set({ winnerAfterMinutes: numberOr(e.target.value, 240) ?? 240 })}
          />
        </label>
      </div>
    </fieldset>
  );
}
