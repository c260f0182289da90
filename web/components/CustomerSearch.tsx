'use client';
// Finds a customer by name, email or phone for a template preview to render for.
import { useState } from 'react';
import type { CustomerPage } from '../../core/contract/customers.ts';
import { api } from '../lib/api.ts';

export interface PickedCustomer {
  id: string;
  label: string;
}

export function CustomerSearch({
  picked,
  onPick,
  onError,
}: {
  picked: PickedCustomer | undefined;
  onPick: (customer: PickedCustomer) => void;
  onError: (message: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<CustomerPage['customers']>([]);

  async function find(q: string) {
    setSearch(q);
    if (q.trim().length < 2) return setFound([]);
    const page = await api<CustomerPage>(`/v1/customers?q=${encodeURIComponent(q)}&limit=8`);
    setFound(page.customers);
  }

  return (
    <div className="toolbar">
      <input
        data-testid="preview-customer-search"
        placeholder="Find a customer by name, email or phone"
        value={search}
        onChange={(e) => void find(e.target.value).catch((err: Error) => onError(err.message))}
      />
      {found.map((c) => {
        const label =
          [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.phone || c.id;
        return (
          <button
            key={c.id}
            type="button"
            className="button"
            data-testid="preview-customer-option"
            onClick={() => {
              onPick({ id: c.id, label });
              setFound([]);
              setSearch(label);
            }}
          >
            {label}
            {c.email && <span className="muted small"> {c.email}</span>}
          </button>
        );
      })}
      {picked && <span data-testid="preview-customer">For {picked.label}</span>}
    </div>
  );
}
