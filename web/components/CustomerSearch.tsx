'use client';
// Finds a customer by name, email or phone for a template preview to render for, and says whom
// the preview renders for.
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.tsx';

export type { PickedCustomer };

export function CustomerSearch({
  picked,
  onPick,
  onError,
}: {
  picked: PickedCustomer | undefined;
  onPick: (customer: PickedCustomer) => void;
  onError: (message: string) => void;
}) {
  return (
    <div className="toolbar">
      <CustomerPicker
        testId="preview-customer"
        placeholder="Find a customer by name, email or phone"
        onPick={onPick}
        onError={onError}
      />
      {picked && <span data-testid="preview-customer">For {picked.label}</span>}
    </div>
  );
}
