'use client';
// A mailing's audience: the segments and audiences it includes and those it excludes, each
// picked by name (a customer in several included ones gets one message; one in any excluded
// one gets none).
import type { MailingAudience } from '../../../core/contract/mailings.ts';
import type { Audience, SegmentList } from '../../../core/contract/segments.ts';
import { useApi } from '../../lib/use-api.ts';
import { NamedPicker } from '../NamedPicker.tsx';

type Side = 'include' | 'exclude';

export function AudienceField({
  value,
  disabled,
  onChange,
}: {
  value: MailingAudience;
  disabled: boolean;
  onChange: (a: MailingAudience) => void;
}) {
  const segments = useApi<SegmentList>('/v1/segments');
  const audiences = useApi<{ audiences: Audience[] }>('/v1/audiences');
  const segmentName = new Map(segments.data?.segments.map((s) => [s.id, s.name]));
  const audienceName = new Map(audiences.data?.audiences.map((a) => [a.id, a.name]));

  const add = (side: Side, id: string | undefined) => {
    if (!id) return;
    const kind = audienceName.has(id) ? 'audiences' : 'segments';
    const list = value[side][kind];
    if (list.includes(id)) return;
    onChange({ ...value, [side]: { ...value[side], [kind]: [...list, id] } });
  };
  const remove = (side: Side, kind: 'segments' | 'audiences', id: string) =>
    onChange({
      ...value,
      [side]: { ...value[side], [kind]: value[side][kind].filter((x) => x !== id) },
    });

  const chosen = (side: Side) => (
    <ul className="mailing-chips" data-testid={`audience-${side}`}>
      {(['segments', 'audiences'] as const).flatMap((kind) =>
        value[side][kind].map((id) => (
          <li key={id} className="mailing-chip">
            <span className="muted small">{kind === 'segments' ? 'segment' : 'audience'}</span>{' '}
            {(kind === 'segments' ? segmentName : audienceName).get(id) ?? '…'}
            {!disabled && (
              <button
                type="button"
                className="named-clear"
                aria-label="Remove"
                data-testid={`audience-${side}-remove`}
                onClick={() => remove(side, kind, id)}
              >
                ×
              </button>
            )}
          </li>
        )),
      )}
      {value[side].segments.length + value[side].audiences.length === 0 && (
        <li className="muted small">{side === 'include' ? 'nobody yet' : 'nobody'}</li>
      )}
    </ul>
  );

  return (
    <div className="mailing-audience">
      {(['include', 'exclude'] as const).map((side) => (
        <div key={side} className="field">
          <span>{side === 'include' ? 'Send to' : 'Leave out'}</span>
          {chosen(side)}
          {!disabled && (
            <NamedPicker
              id={`audience-${side}-picker`}
              what="segmentOrAudience"
              value=""
              onChange={(id) => add(side, id)}
            />
          )}
        </div>
      ))}
    </div>
  );
}
