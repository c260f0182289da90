'use client';
// A role picker that says what each role may do (core/permissions.ts).
import { Role, ROLE_DESCRIPTIONS } from '../../core/permissions.ts';

export function RoleSelect({
  value,
  onChange,
  testId,
  disabled,
}: {
  value: Role;
  onChange: (role: Role) => void;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <select
      value={value}
      disabled={disabled}
      data-testid={testId}
      title={ROLE_DESCRIPTIONS[value]}
      onChange={(e) => onChange(Role.parse(e.target.value))}
    >
      {Role.options.map((r) => (
        <option key={r} value={r} title={ROLE_DESCRIPTIONS[r]}>
          {r}
        </option>
      ))}
    </select>
  );
}
