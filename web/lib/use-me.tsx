'use client';
// Who is signed in and what their role allows, asked of the api once per signed-in page load
// (GET /v1/me). Pages hide or disable what the role cannot do; the api refuses it regardless.
import { createContext, type ReactNode, useContext } from 'react';
import type { Me, Principal } from '../../core/contract/sessions.ts';
import type { Permission } from '../../core/permissions.ts';
import { useApi } from './use-api.ts';

const MeContext = createContext<Principal | undefined>(undefined);

export function MeProvider({ children }: { children: ReactNode }) {
  const { data } = useApi<Me>('/v1/me');
  return <MeContext.Provider value={data?.principal}>{children}</MeContext.Provider>;
}

export const useMe = (): Principal | undefined => useContext(MeContext);

/** Whether the signed-in role has the permission; false until the api has said who is in. */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return (permission) => me?.permissions.includes(permission) ?? false;
}

/** "Your role (analyst) cannot …": what a page shows instead of what the role may not do. */
export function NotAllowed({ what }: { what: string }) {
  const me = useMe();
  if (!me) return <p className="muted">Loading…</p>;
  return (
    <p className="notice warning" data-testid="not-allowed">
      Your role{me.role ? ` (${me.role})` : ''} cannot {what}. Ask an admin if you need to.
    </p>
  );
}
