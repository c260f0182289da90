// Same-origin proxy to the Herald api: the browser calls /api/*, this forwards to the api and
// hands back its answer, Set-Cookie included, so the httpOnly session cookie needs no CORS.
// A route handler rather than a next.config rewrite because rewrites are frozen at build
// time; this reads the api's address when the server starts, so one build runs anywhere.
import type { NextRequest } from 'next/server';
import { crossSiteMessage, crossSiteRefusal } from '../../../../core/cross-site.ts';

export const dynamic = 'force-dynamic';

// The web process's only setting. It mirrors core/config.ts (API_URL, else localhost:API_PORT),
// which the web server cannot load: that module validates the api's secrets too.
const apiUrl = (
  process.env.API_URL?.trim() || `http://localhost:${process.env.API_PORT?.trim() || 4000}`
).replace(/\/+$/, '');

const FORWARDED = ['content-type', 'cookie', 'authorization', 'accept'];

async function proxy(
  req: NextRequest,
  ctx: { params: Promise<{ path: string[] }> },
): Promise<Response> {
  // The proxy forwards the session cookie but not Origin or Sec-Fetch-Site, so the api cannot
  // tell a foreign page's form from this app's own fetch: the check happens here.
  const crossSite = crossSiteRefusal(req.method, req.headers.get('host') ?? undefined, (name) =>
    req.headers.get(name),
  );
  if (crossSite)
    return Response.json(
      { error: { code: 'cross_site_request', message: crossSiteMessage(crossSite) } },
      { status: 403 },
    );
  const { path } = await ctx.params;
  const target = `${apiUrl}/${path.map(encodeURIComponent).join('/')}${req.nextUrl.search}`;
  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = req.headers.get(name);
    if (value) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: 'manual',
    });
  } catch {
    return Response.json(
      {
        error: {
          code: 'api_unreachable',
          message: `The Herald api at ${apiUrl} is not answering; is it running?`,
        },
      },
      { status: 502 },
    );
  }
  const out = new Headers();
  const type = upstream.headers.get('content-type');
  if (type) out.set('content-type', type);
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.status === 204 ? null : await upstream.arrayBuffer(), {
    status: upstream.status,
    headers: out,
  });
}

export { proxy as GET, proxy as POST, proxy as PUT, proxy as PATCH, proxy as DELETE };
