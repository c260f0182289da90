// Writes the tables of node kinds in README.md from the docs lines of core/nodes/, so the
// documentation of a kind lives beside its schema. Each table sits between
// `<!-- node-kinds:<triggers|steps> -->` and `<!-- /node-kinds -->`; run `npm run docs:nodes`
// after adding or changing a kind (scripts/node-docs.test.ts fails until then).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'prettier';
import { type KindRules, nodeFamilies, type NodeFamily } from '../core/graph.ts';

export const README = path.resolve(import.meta.dirname, '..', 'README.md');

type Docs = KindRules<never>['docs'];
const rows = (families: NodeFamily[]): [string, Docs][] =>
  families.flatMap((f) =>
    Object.entries(nodeFamilies[f] as Record<string, { docs: Docs }>).map(
      ([kind, rules]): [string, Docs] => [kind, rules.docs],
    ),
  );

const tables: Record<string, () => string> = {
  triggers: () =>
    ['| trigger | fires |', '| --- | --- |']
      .concat(rows(['start']).map(([kind, d]) => `| \`${kind}\` | ${d.does} |`))
      .join('\n'),
  steps: () =>
    ['| node | exits | does |', '| --- | --- | --- |']
      .concat(
        rows(['wait', 'decide', 'act', 'finish']).map(
          ([kind, d]) => `| \`${kind}\` | ${d.exits} | ${d.does} |`,
        ),
      )
      .join('\n'),
};

/** README.md with every generated table rewritten from core/nodes/, formatted as Prettier would. */
export async function renderReadme(readme: string): Promise<string> {
  const out = readme.replace(
    /(<!-- node-kinds:(\w+) -->\n)[\s\S]*?(<!-- \/node-kinds -->)/g,
    (whole, open: string, name: string, close: string) => {
      const table = tables[name];
      if (!table) throw new Error(`README.md names an unknown table "${name}"`);
      return `${open}\n${table()}\n\n${close}`;
    },
  );
  return format(out, { parser: 'markdown', filepath: README });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const before = await readFile(README, 'utf8');
  const after = await renderReadme(before);
  if (after !== before) await writeFile(README, after);
  console.log(after === before ? 'README.md is up to date' : 'README.md: node tables rewritten');
}
