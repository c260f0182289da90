'use client';
// A new mailing: the same form as a saved one's; it saves as a draft (with whatever it still
// lacks listed on its page), from where it is sent now or scheduled.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { MailingAnswer, MailingInput } from '../../../../../core/contract/mailings.ts';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';
import { MailingForm } from '../../../../components/mailings/MailingForm.tsx';
import { api } from '../../../../lib/api.ts';
import { sayError } from '../../../../lib/error-words.ts';
import { blankMailing, editRules } from '../../../../lib/mailing-form.ts';
import { NotAllowed, useCan } from '../../../../lib/use-me.tsx';
import '../mailings.css';

export default function NewMailingPage() {
  const router = useRouter();
  const can = useCan();
  const [form, setForm] = useState<MailingInput>(blankMailing);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!can('mailings:write')) return <NotAllowed what="create mailings" />;

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      const { mailing } = await api<MailingAnswer>('/v1/mailings', { body: form, method: 'POST' });
      router.push(`/mailings/${mailing.id}`);
    } catch (err) {
      setError(sayError(err));
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-header">
        <div>
          <p className="small">
            <Link href="/mailings">Mailings</Link>
          </p>
          <h1>New mailing</h1>
          <p className="muted">
            A draft always saves; what it still lacks is listed and keeps it from being sent.
          </p>
        </div>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          data-testid="mailing-create"
          onClick={() => void save()}
        >
          Save draft
        </button>
      </div>
      <ErrorNotice error={error} />
      <MailingForm value={form} rules={editRules(undefined)} onChange={setForm} />
    </>
  );
}
