// Turns zod failures into a 400 that names every field at fault and how to fix it.
import type { z } from 'zod';
import { badRequest, zodProblems } from '../core/errors.ts';

export function parseBody<S extends z.ZodType>(
  schema: S,
  data: unknown,
  what = 'request body',
): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const problems = zodProblems(result.error);
    throw badRequest(
      `The ${what} is invalid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  return result.data;
}
