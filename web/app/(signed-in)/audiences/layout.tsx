// Gives the audience pages a tab title and the segment pages' styles (they share the look).
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '../segments/segments.css';

export const metadata: Metadata = { title: 'Audiences' };

export default function AudiencesLayout({ children }: { children: ReactNode }) {
  return children;
}
