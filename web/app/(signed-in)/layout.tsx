// Shell of every signed-in page: the top bar above the page content.
import type { ReactNode } from 'react';
import { TopBar } from '../../components/TopBar.tsx';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <TopBar />
      <main className="page">{children}</main>
    </>
  );
}
