// The root layout: document shell and the global stylesheet. Pages that need a signed-in
// marketer live in the (signed-in) route group, which adds the top bar.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Herald', template: '%s · Herald' },
  description: 'Campaigns and customer journeys',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
