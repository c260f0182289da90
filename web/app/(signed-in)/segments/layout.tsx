// Gives the segment pages a tab title and their styles; the pages themselves are client components.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './segments.css';

export const metadata: Metadata = { title: 'Segments' };

export default function SegmentsLayout({ children }: { children: ReactNode }) {
  return children;
}
