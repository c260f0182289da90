// A test must suit the value it reads: "city between 1 and 5" is refused at the test's operator,
// naming the operators the field takes.
import type { z } from 'zod';
import { OPS_BY_TYPE, type ValueType } from './tests.ts';

/** Refines a condition: its `test.op` must be one its field's type takes, and equality values typed. */
export function checkOperator(
  test: { op: string; value?: unknown } | undefined,
  type: ValueType | undefined,
  name: string,
  ctx: z.core.$RefinementCtx,
): void {
  if (!test || !type) return;
  const allowed: readonly string[] = OPS_BY_TYPE[type];
  if (!allowed.includes(test.op))
    ctx.addIssue({
      code: 'custom',
      path: ['test', 'op'],
      message: `${name} is a ${type}: use one of ${allowed.join(', ')}`,
    });
  else if ((test.op === 'equals' || test.op === 'notEquals') && 'value' in test) {
    const want = type === 'number' ? 'number' : 'string';
    if (typeof test.value !== want)
      ctx.addIssue({
        code: 'custom',
        path: ['test', 'value'],
        message: `${name} is a ${type}: give a ${want === 'number' ? 'number' : 'text'} value`,
      });
  }
}
