// Gives the mailing pages a tab title; the pages themselves are client components.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Mailings' };

export default function MailingsLayout({ children }: { children: ReactNode }) {
  return children;
}
