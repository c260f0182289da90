// Shell of every signed-in page: the top bar above the page content, both knowing who is in.
import type { ReactNode } from 'react';
import { TopBar } from '../../components/TopBar.tsx';
import { MeProvider } from '../../lib/use-me.tsx';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <MeProvider>
      <TopBar />
      <main className="page">{children}</main>
    </MeProvider>
  );
}
