// The nodes that end a path, on the canvas (core/nodes/finish.ts holds their schemas).
import type { FinishNode } from '../../../core/graph.ts';
import { circle, type SpecRegistry } from './kind.ts';

export const finishKinds = {
  goto: {
    label: 'Go to',
    hint: 'Jumps to another step: draws a loop (which needs a wait in it)',
    group: 'Finish',
    colour: '#0d9488',
    icon: ['M20 7H9a5 5 0 0 0 0 10h4M16 3l4 4-4 4'],
    hasInput: true,
    defaults: () => ({ target: '' }),
    fields: [{ type: 'node', path: 'target', label: 'Go to step' }],
    summary: (node) => `go to ${node.target}`,
  },
  exit: {
    label: 'Exit',
    hint: 'Ends the journey',
    group: 'Finish',
    colour: '#64748b',
    icon: [circle(12, 12, 9), 'M9 9h6v6H9z'],
    hasInput: true,
    defaults: () => ({}),
    fields: [],
    summary: () => 'journey ends',
  },
} satisfies SpecRegistry<FinishNode['kind']>;
