'use client';
// One condition of the builder: the field picker (grouped by family), then the parts its kind
// shows (lib/segments/kinds.ts), each with the problems the api named at its path.
import { getPath, setPath } from '../../lib/fields.ts';
import { FAMILIES, FIELD_CHOICES } from '../../lib/segments/choices.ts';
import { choiceOf, type Part, partsOf, type TestType } from '../../lib/segments/kinds.ts';
import { PERIOD_OPS } from '../../lib/segments/ops.ts';
import { NamedPicker } from '../NamedPicker.tsx';
import { problemsAt, Problems, useBuilder } from './context.tsx';
import { FilterList } from './FilterList.tsx';
import { SuggestedText } from './Suggestions.tsx';
import { TestInput } from './TestInput.tsx';

type Obj = Record<string, unknown>;

const CUSTOM_TYPES: Record<string, TestType> = {
  text: 'text',
  list: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
};

export function ConditionForm({
  path,
  condition,
  onChange,
  onRemove,
}: {
  /** Its path from the body: "rules.children.1.children.0". */
  path: string;
  condition: Obj;
  onChange: (next: Obj) => void;
  onRemove: () => void;
}) {
  const { problems } = useBuilder();
  const testId = `cond-${path}`;
  const own = problemsAt(problems, path).concat(problemsAt(problems, `${path}.kind`));
  return (
    <div className="segment-condition" data-testid={testId}>
      <div className="segment-condition-row">
        <select
          data-testid={`${testId}-field`}
          aria-label="Field"
          value={choiceOf(condition)}
          onChange={(e) => onChange(FIELD_CHOICES.find((c) => c.value === e.target.value)!.make())}
        >
          {FAMILIES.map((family) => (
            <optgroup key={family} label={family}>
              {FIELD_CHOICES.filter((c) => c.family === family).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {partsOf(condition).map((part) => (
          <PartInput
            key={part.key}
            part={part}
            path={path}
            condition={condition}
            onChange={onChange}
          />
        ))}
        <button
          type="button"
          className="segment-remove"
          aria-label="Remove condition"
          data-testid={`${testId}-remove`}
          onClick={onRemove}
        >
          ×
        </button>
      </div>
      <Problems messages={own} testId={`${testId}-problems`} />
    </div>
  );
}

function PartInput({
  part,
  path,
  condition,
  onChange,
}: {
  part: Part;
  path: string;
  condition: Obj;
  onChange: (next: Obj) => void;
}) {
  const { problems, customFields, selfId } = useBuilder();
  const id = `cond-${path}-${part.key}`;
  const value = getPath(condition, part.key);
  const set = (next: unknown) => onChange(setPath(condition, part.key, next));
  const messages = problemsAt(problems, `${path}.${part.key}`, true);
  let input;
  switch (part.type) {
    case 'test':
    case 'optionalTest': {
      const custom = customFields.find((f) => f.key === condition.key);
      const type =
        condition.kind === 'customField' && custom ? CUSTOM_TYPES[custom.type] : part.valueType;
      input = (
        <TestInput
          id={id}
          type={type ?? part.valueType}
          test={value as Obj | undefined}
          suggest={part.suggest}
          optional={part.type === 'optionalTest'}
          onChange={set}
        />
      );
      break;
    }
    case 'period':
      input = (
        <TestInput
          id={id}
          type="date"
          ops={PERIOD_OPS}
          test={(value as Obj | undefined) ?? { op: 'ever' }}
          onChange={set}
        />
      );
      break;
    case 'select':
      input = (
        <select
          data-testid={id}
          aria-label={part.label}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => set(e.target.value)}
        >
          {part.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'text':
      input = (
        <SuggestedText
          id={id}
          suggest={part.suggest}
          value={typeof value === 'string' ? value : ''}
          onChange={(text) => set(text === '' && part.optional ? undefined : text)}
        />
      );
      break;
    case 'number':
      input = (
        <input
          type="number"
          data-testid={id}
          aria-label={part.label}
          value={typeof value === 'number' ? String(value) : ''}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
      break;
    case 'member':
      input = (
        <select
          data-testid={id}
          aria-label="Member or not"
          value={value === false ? 'no' : 'yes'}
          onChange={(e) => set(e.target.value === 'yes')}
        >
          <option value="yes">is in</option>
          <option value="no">is not in</option>
        </select>
      );
      break;
    case 'ref':
      input = (
        <NamedPicker
          id={id}
          what={part.what}
          value={typeof value === 'string' ? value : ''}
          exclude={selfId}
          onChange={set}
        />
      );
      break;
    case 'filters':
      input = (
        <FilterList
          id={id}
          name={part.name}
          filters={Array.isArray(value) ? (value as Obj[]) : []}
          onChange={set}
        />
      );
      break;
  }
  return (
    <div className={`segment-part${messages.length > 0 ? ' field-invalid' : ''}`}>
      {part.type !== 'member' && part.label && (
        <span className="segment-part-label">{part.label}</span>
      )}
      {input}
      <Problems messages={messages} testId={`${id}-problems`} />
    </div>
  );
}
