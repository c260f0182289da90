// SQL fragments with their values kept apart: a tagged template turns every interpolated value
// into a bound parameter and splices only fragments built by this compiler, so nothing a
// marketer typed ever becomes SQL text (issue 12: values carrying SQL are matched literally).
// Fragments never contain a literal "?" (knex's placeholder): jsonb's ? operators are not used.

export class Sql {
  constructor(
    readonly text: string,
    readonly values: unknown[],
    /** Never null (an EXISTS, an IN over non-null IDs): it needs no coalesce, which would keep
     * Postgres from turning it into a semi-join. */
    readonly nullFree = false,
  ) {}
}

/** Marks a predicate that is never null. */
export const nullFree = (p: Sql) => new Sql(p.text, p.values, true);

/** `sql\`c.city = ${value}\``: values bound, Sql fragments inlined. */
export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
  let text = strings[0]!;
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (part instanceof Sql) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1]!;
  });
  return new Sql(text, values);
}

/** Trusted SQL text from this compiler's own tables of column names and units. */
export const raw = (text: string) => new Sql(text, []);

export function join(parts: Sql[], separator: string): Sql {
  return new Sql(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.values),
  );
}

export const and = (parts: Sql[]) =>
  parts.length === 0 ? raw('true') : sql`(${join(parts, ' and ')})`;
export const or = (parts: Sql[]) =>
  parts.length === 0 ? raw('false') : sql`(${join(parts, ' or ')})`;
/** A predicate that is false, never null, so that `none` negates it soundly. */
export const definite = (p: Sql) => (p.nullFree ? p : sql`coalesce(${p}, false)`);

/** `table where (conditions)`: the rows an aggregate or an exists reads. */
export const where = (table: string, conditions: Sql[]) =>
  sql`${raw(table)} where ${and(conditions)}`;
