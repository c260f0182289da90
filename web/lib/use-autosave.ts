'use client';
// Saves the editor's draft shortly after each change (PUT /v1/campaigns/{id}/draft), one save
// at a time, so a marketer never presses "save" and never loses more than the last second.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CampaignGraph } from '../../core/graph.ts';
import { api, type CampaignDraftAnswer } from './api.ts';

const DELAY_MS = 600;

/**
 * `updatedAt` is the campaign's as the page loaded it: saves carry it, so a draft changed
 * elsewhere since (another tab, a colleague) is refused rather than overwritten.
 */
export function useAutosave(campaignId: string, graph: CampaignGraph, updatedAt: string) {
  const text = JSON.stringify(graph);
  const base = useRef(updatedAt);
  useEffect(() => {
    base.current = updatedAt;
  }, [updatedAt]);
  const saved = useRef(text);
  const latest = useRef(text);
  latest.current = text;
  const running = useRef<Promise<void> | undefined>(undefined);
  const [status, setStatus] = useState('All changes saved');

  const saveNow = useCallback(async (): Promise<void> => {
    // Wait for a save in flight, then save whatever is newest by then.
    while (running.current) await running.current;
    const body = latest.current;
    if (body === saved.current) return;
    setStatus('Saving…');
    running.current = api<CampaignDraftAnswer>(
      `/v1/campaigns/${encodeURIComponent(campaignId)}/draft`,
      { method: 'PUT', body: { graph: JSON.parse(body) as unknown, baseUpdatedAt: base.current } },
    )
      .then((res) => {
        saved.current = body;
        base.current = res.campaign.updatedAt;
        setStatus(latest.current === body ? 'All changes saved' : 'Unsaved changes');
      })
      .catch((err: Error) => setStatus(`Not saved: ${err.message}`))
      .finally(() => {
        running.current = undefined;
      });
    await running.current;
  }, [campaignId]);

  useEffect(() => {
    if (text === saved.current) {
      // Back to what is saved before the save was due (a step deleted and brought back with
      // Ctrl+Z): nothing to save, and the status must not stay at "Unsaved changes".
      if (!running.current) setStatus('All changes saved');
      return;
    }
    setStatus('Unsaved changes');
    const timer = setTimeout(() => void saveNow(), DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, saveNow]);

  // Leaving the page with a change not yet saved: try once more on the way out.
  useEffect(() => {
    const onHide = () => {
      if (latest.current !== saved.current)
        void fetch(`/api/v1/campaigns/${encodeURIComponent(campaignId)}/draft`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            graph: JSON.parse(latest.current) as unknown,
            baseUpdatedAt: base.current,
          }),
          keepalive: true,
        });
    };
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [campaignId]);

  return { status, flush: saveNow };
}
