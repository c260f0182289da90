// Turns zod failures into a 400 that names every field at fault and how to fix it.
import type { z } from 'zod';
import { badRequest, type FieldProblem } from '../core/errors.ts';

export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { field: path || '(body)', message: issue.message };
  });
}

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
