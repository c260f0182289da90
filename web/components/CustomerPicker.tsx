'use client';
// A customer found by name, email or external ID (GET /v1/customers?q=): the previews of an
// email and the test run of a draft both pick theirs here.
import { useState } from 'react';
import type { CustomerPage } from '../../core/contract/customers.ts';
import { api } from '../lib/api.ts';
import { sayError } from '../lib/error-words.ts';

export type PickedCustomer = { id: string; label: string };

export function CustomerPicker({
  testId,
  placeholder = 'Find a customer by name or email',
  onPick,
  onError,
}: {
  /** Prefix of the test IDs: `${testId}-search` and `${testId}-option`. */
  testId: string;
  placeholder?: string;
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
    <>
      <input
        data-testid={`${testId}-search`}
        placeholder={placeholder}
        value={search}
        onChange={(e) => void find(e.target.value).catch((err: unknown) => onError(sayError(err)))}
      />
      {found.map((c) => {
        const label =
          [c.firstName, c.lastName].filter(Boolean).join(' ') ||
          c.email ||
          c.phone ||
          c.externalId ||
          c.id;
        return (
          <button
            key={c.id}
            type="button"
            className="button"
            data-testid={`${testId}-option`}
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
    </>
  );
}
