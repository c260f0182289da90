'use client';
// Loads api data in a client component, polls when asked, and sends signed-out users to /login.
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api.ts';
import { sayError } from './error-words.ts';

export type ApiState<T> = { data: T | undefined; error: string | undefined; loading: boolean };

/**
 * GETs `path` (skipped while null); re-fetches every `refreshMs` when given, and when `reload`
 * is called (after a change the page made itself), keeping the current data on screen meanwhile.
 */
export function useApi<T>(
  path: string | null,
  refreshMs?: number,
): ApiState<T> & { reload: () => void } {
  const router = useRouter();
  const [state, setState] = useState<ApiState<T>>({
    data: undefined,
    error: undefined,
    loading: path !== null,
  });

  const load = useCallback(
    async (signal: { cancelled: boolean }) => {
      if (path === null) return;
      try {
        const data = await api<T>(path);
        if (!signal.cancelled) setState({ data, error: undefined, loading: false });
      } catch (err) {
        if (signal.cancelled) return;
        if (err instanceof ApiError && err.status === 401) {
          router.replace('/login');
          return;
        }
        // Keep the last good data on screen when a refresh fails; just say what went wrong.
        setState((s) => ({ data: s.data, error: sayError(err), loading: false }));
      }
    },
    [path, router],
  );

  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    if (reloads === 0) return;
    const signal = { cancelled: false };
    void load(signal);
    return () => {
      signal.cancelled = true;
    };
  }, [reloads, load]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    const signal = { cancelled: false };
    // A new path is a new question: do not show the previous answer under it.
    setState({ data: undefined, error: undefined, loading: path !== null });
    void load(signal);
    const timer = refreshMs ? setInterval(() => void load(signal), refreshMs) : undefined;
    return () => {
      signal.cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [load, path, refreshMs]);

  return { ...state, reload };
}
