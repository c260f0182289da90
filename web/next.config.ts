// Next.js config for the marketers' web app. The browser only ever talks to this origin;
// app/api/[...path]/route.ts forwards /api/* to the Herald api at request time.
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {};

export default nextConfig;
