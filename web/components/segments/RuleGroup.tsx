'use client';
// A group of the rule tree: all, any or none of its children, each a condition or a group of
// its own, to any depth. Add condition, add group, remove.
import { FIELD_CHOICES } from '../../lib/segments/choices.ts';
import { ConditionForm } from './ConditionForm.tsx';
import { problemsAt, Problems, useBuilder } from './context.tsx';

type Obj = Record<string, unknown>;

const MATCH_WORDS = { all: 'all of', any: 'any of', none: 'none of' } as const;

/** What "add condition" adds: the first customer attribute, for the marketer to change. */
const newCondition = () => FIELD_CHOICES.find((c) => c.value === 'attribute:city')!.make();
export const emptyGroup = (match = 'all'): Obj => ({ kind: 'group', match, children: [] });

export function RuleGroup({
  path,
  group,
  onChange,
  onRemove,
}: {
  path: string;
  group: Obj;
  onChange: (next: Obj) => void;
  /** Absent for the root, which cannot be removed. */
  onRemove?: () => void;
}) {
  const { problems } = useBuilder();
  const children = Array.isArray(group.children) ? (group.children as Obj[]) : [];
  const setChildren = (next: Obj[]) => onChange({ ...group, children: next });
  const replace = (i: number, child: Obj) =>
    setChildren(children.map((c, j) => (j === i ? child : c)));
  const remove = (i: number) => setChildren(children.filter((_, j) => j !== i));
  const testId = `group-${path}`;
  const match = typeof group.match === 'string' ? group.match : 'all';
  const own = [
    ...problemsAt(problems, path),
    ...problemsAt(problems, `${path}.match`),
    ...problemsAt(problems, `${path}.children`),
  ];
  return (
    <div className={`segment-group segment-group-${match}`} data-testid={testId}>
      <div className="segment-group-head">
        <span className="muted">Customers matching</span>
        <select
          data-testid={`${testId}-match`}
          aria-label="Match"
          value={match}
          onChange={(e) => onChange({ ...group, match: e.target.value })}
        >
          {Object.entries(MATCH_WORDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <span className="muted">these</span>
        {onRemove && (
          <button
            type="button"
            className="segment-remove"
            aria-label="Remove group"
            data-testid={`${testId}-remove`}
            onClick={onRemove}
          >
            ×
          </button>
        )}
      </div>
      <Problems messages={own} testId={`${testId}-problems`} />
      <div className="segment-children">
        {children.length === 0 && (
          <p className="muted small">No conditions yet: this group matches every customer.</p>
        )}
        {children.map((child, i) => {
          const childPath = `${path}.children.${i}`;
          return child.kind === 'group' ? (
            <RuleGroup
              key={i}
              path={childPath}
              group={child}
              onChange={(next) => replace(i, next)}
              onRemove={() => remove(i)}
            />
          ) : (
            <ConditionForm
              key={i}
              path={childPath}
              condition={child}
              onChange={(next) => replace(i, next)}
              onRemove={() => remove(i)}
            />
          );
        })}
      </div>
      <div className="segment-group-actions">
        <button
          type="button"
          className="link-button"
          data-testid={`${testId}-add-condition`}
          onClick={() => setChildren([...children, newCondition()])}
        >
          + condition
        </button>
        <button
          type="button"
          className="link-button"
          data-testid={`${testId}-add-group`}
          onClick={() => setChildren([...children, emptyGroup('any')])}
        >
          + group
        </button>
      </div>
    </div>
  );
}
