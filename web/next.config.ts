// Next.js config for the marketers' web app. The browser only ever talks to this origin;
// app/api/[...path]/route.ts forwards /api/* to the Herald api at request time.
import type { NextConfig } from 'next';

// Security headers on every page (issue 10, finding 6). No page may be framed (clickjacking a
// "Stop campaign" button); scripts, styles and requests stay on this origin. Next's App Router
// writes its page data as inline scripts and React Flow positions nodes with inline styles, so
// both allow 'unsafe-inline'; `next dev` also evaluates code and talks to its reloader over a
// WebSocket.
const dev = process.env.NODE_ENV === 'development';
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  // Emails load their images from Herald's api (uploads) and the shop's own hosts: the editor's
  // canvas and previews show them. Images run no script.
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // No "N" badge in the corner of every page under `next dev` (npm run dev:hot).
  devIndicators: false,
  headers: () =>
    Promise.resolve([
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ]),
};

export default nextConfig;
