// Pinning templates in a campaign version (issue 14): when a version is published, each send
// node records the template revision published at that moment, so that the version's journeys
// send what the marketer approved, however the template is edited and republished afterwards.
import type { CampaignGraph } from './graph.ts';

/** The graph with every send's templateRevision set from `published` (template ID → revision). */
export function pinTemplateRevisions(
  graph: CampaignGraph,
  published: Map<string, number>,
): CampaignGraph {
  const pin = <T extends { templateId: string; templateRevision?: number }>(send: T): T => {
    const revision = published.get(send.templateId);
    return revision === undefined ? send : { ...send, templateRevision: revision };
  };
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.kind === 'sendEmail') return pin(n);
      if (n.kind === 'sendMessage') return { ...n, channels: n.channels.map(pin) };
      return n;
    }),
  };
}
