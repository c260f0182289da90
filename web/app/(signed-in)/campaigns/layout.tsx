// Gives the campaign pages a tab title; the pages themselves are client components.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Campaigns' };

export default function CampaignsLayout({ children }: { children: ReactNode }) {
  return children;
}
