// The variable picker's entries (issue 14): the fixed variables of core/template-variables.ts,
// the account's custom fields and the event types Herald has seen with their property names,
// each as the Liquid to insert (with a fallback where a value may be missing), grouped as the
// picker shows them.
import type { CustomFields } from '../../core/contract/custom-fields.ts';
import type { EventTypes } from '../../core/contract/event-types.ts';
import {
  LIQUID_SNIPPETS,
  TEMPLATE_VARIABLES,
  VARIABLE_GROUPS,
  type VariableGroup,
} from '../../core/template-variables.ts';

export interface PickerEntry {
  /** Unique within the picker. */
  key: string;
  label: string;
  /** The Liquid inserted. */
  liquid: string;
}

export interface PickerGroup {
  label: string;
  entries: PickerEntry[];
}

/** A property name as Liquid reads it: a dotted path where it can, else a quoted key. */
const property = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `["${name.replace(/"/g, '')}"]`;

export function pickerGroups(
  customFields: CustomFields['fields'] = [],
  eventTypes: EventTypes['eventTypes'] = [],
): PickerGroup[] {
  const groups = new Map<VariableGroup | 'snippets', PickerGroup>();
  const add = (group: VariableGroup | 'snippets', entry: PickerEntry) => {
    const label = group === 'snippets' ? 'Conditions and loops' : VARIABLE_GROUPS[group];
    if (!groups.has(group)) groups.set(group, { label, entries: [] });
    groups.get(group)!.entries.push(entry);
  };
  for (const v of TEMPLATE_VARIABLES) {
    // The generic custom field is replaced by the account's own, where it has some.
    if (v.path === 'customer.custom' && customFields.some((f) => f.entity === 'customer')) continue;
    add(v.group ?? 'profile', { key: v.path, label: v.label, liquid: v.example });
  }
  for (const f of customFields) {
    if (f.entity === 'receipt_line') continue;
    const base = f.entity === 'customer' ? 'customer.custom' : 'lastReceipt.custom';
    add(f.entity === 'customer' ? 'custom' : 'receipt', {
      key: `${base}.${f.key}`,
      label: f.label ?? f.key,
      liquid: `{{ ${base}${property(f.key)} }}`,
    });
  }
  for (const t of eventTypes)
    for (const p of t.properties)
      add('event', {
        key: `event:${t.type}:${p.name}`,
        label: `${t.type}: ${p.name}`,
        liquid: `{{ event.properties${property(p.name)} }}`,
      });
  for (const s of LIQUID_SNIPPETS)
    add('snippets', { key: `snippet:${s.id}`, label: s.label, liquid: s.example });
  const order: (VariableGroup | 'snippets')[] = [
    ...(Object.keys(VARIABLE_GROUPS) as VariableGroup[]),
    'snippets',
  ];
  return order.flatMap((g) => (groups.has(g) ? [groups.get(g)!] : []));
}
