// An address no page answers: said in plain words, with the way back to every section, instead
// of Next.js's bare 404.
import Link from 'next/link';
import { NAV } from '../lib/nav.ts';

export const metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main className="page not-found" data-testid="not-found">
      <h1>This page does not exist</h1>
      <p className="muted">
        The address may be mistyped, or what it pointed to was deleted. Pick up from one of these:
      </p>
      <ul>
        {NAV.map((item) => (
          <li key={item.href}>
            <Link href={item.href}>{item.label}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
