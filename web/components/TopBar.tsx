'use client';
// The bar on every signed-in page: brand, the navigation the role may use, and signing out.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { api } from '../lib/api.ts';
import { homeFor, NAV } from '../lib/nav.ts';
import { useCan, useMe } from '../lib/use-me.tsx';

export function TopBar() {
  const pathname = usePathname();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const me = useMe();
  const can = useCan();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  // An open menu closes as menus do: on a click anywhere outside it, and on Escape (which gives
  // the focus back to its button, so a keyboard user stays where they were). The listeners stay
  // for the page's life and read the element itself: the browser opens it before React hears.
  useEffect(() => {
    const close = () => {
      if (menu.current) menu.current.open = false;
      setSettingsOpen(false);
    };
    const outside = (e: PointerEvent) => {
      if (menu.current?.open && !menu.current.contains(e.target as Node)) close();
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !menu.current?.open) return;
      close();
      menu.current.querySelector('summary')?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, []);
  const allowed = NAV.filter((item) => can(item.needs));
  const settings = allowed.filter((item) => item.settings);
  const link = (item: (typeof NAV)[number], onClick?: () => void) => (
    <Link
      key={item.href}
      href={item.href}
      className={pathname.startsWith(item.href) ? 'active' : undefined}
      onClick={onClick}
    >
      {item.label}
    </Link>
  );

  async function signOut() {
    setBusy(true);
    // Go to /login even if the api is unreachable: the marketer asked to leave.
    await api('/auth/session', { method: 'DELETE' }).catch(() => undefined);
    router.replace('/login');
  }

  return (
    <header className="topbar">
      <Link href={homeFor(me?.permissions ?? [])} className="brand">
        Herald
      </Link>
      <nav className="topnav">
        {allowed.filter((item) => !item.settings).map((item) => link(item))}
      </nav>
      {settings.length > 0 && (
        // A menu outside the scrolling list, so that it opens over the page rather than inside it.
        <details
          ref={menu}
          className="nav-menu"
          data-testid="settings-menu"
          open={settingsOpen}
          onToggle={(e) => setSettingsOpen(e.currentTarget.open)}
        >
          <summary
            className={settings.some((i) => pathname.startsWith(i.href)) ? 'active' : undefined}
          >
            Settings
          </summary>
          <div className="nav-menu-items">
            {settings.map((item) => link(item, () => setSettingsOpen(false)))}
          </div>
        </details>
      )}
      {me?.kind === 'user' && (
        <span
          className="small"
          data-testid="signed-in-as"
          title={`${me.name} · ${me.role} · ${me.email}`}
        >
          {me.name} · {me.role}
        </span>
      )}
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
