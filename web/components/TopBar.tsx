'use client';
// The bar on every signed-in page: brand, navigation, and signing out.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '../lib/api.ts';

const nav = [
  { href: '/campaigns', label: 'Campaigns' },
  { href: '/calendar', label: 'Calendar' },
  { href: '/customers', label: 'Customers' },
  { href: '/imports', label: 'Imports' },
];

export function TopBar() {
  const pathname = usePathname();
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    // Go to /login even if the api is unreachable: the marketer asked to leave.
    await api('/auth/session', { method: 'DELETE' }).catch(() => undefined);
    router.replace('/login');
  }

  return (
    <header className="topbar">
      <Link href="/campaigns" className="brand">
        Herald
      </Link>
      <nav className="topnav">
        {nav.map((item) => (
          <Link
            key={item.href}
            href={item.href}
            className={pathname.startsWith(item.href) ? 'active' : undefined}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      <button
        type="button"
        className="button ghost"
        onClick={() => void signOut()}
        disabled={busy}
        data-testid="sign-out"
      >
        Sign out
      </button>
    </header>
  );
}
