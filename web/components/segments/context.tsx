'use client';
// What every part of the segment builder reads: the problems the api named (by path), and the
// recorded data the pickers offer (event types, custom fields).
import { createContext, useContext } from 'react';
import type { EventTypeSummary } from '../../../core/contract/event-types.ts';
import type { CustomField } from '../../../core/custom-fields.ts';
import type { FieldProblem } from '../../lib/api.ts';

export interface BuilderContext {
  problems: FieldProblem[];
  eventTypes: EventTypeSummary[];
  customFields: CustomField[];
  /** The segment being edited: it may not name itself. */
  selfId?: string;
}

export const Builder = createContext<BuilderContext>({
  problems: [],
  eventTypes: [],
  customFields: [],
});
export const useBuilder = () => useContext(Builder);

/** The api's messages for exactly this path, or (`below`) for it and everything under it. */
export function problemsAt(problems: FieldProblem[], path: string, below = false): string[] {
  return problems
    .filter((p) => p.field === path || (below && p.field.startsWith(`${path}.`)))
    .map((p) => (p.field === path ? p.message : `${p.field.slice(path.length + 1)}: ${p.message}`));
}

export function Problems({ messages, testId }: { messages: string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <ul className="segment-problems" data-testid={testId}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
