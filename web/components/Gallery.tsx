'use client';
// The campaign templates gallery on the campaign list: seven ready campaigns, each explained in
// one line. "Use" creates its emails (reusing a template of the same name and subject already
// there, so the picker never lists one name twice), then the campaign with its graph, and
// opens it in the editor, ready to publish.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { campaignGallery, type GalleryCampaign } from '../../core/campaign-gallery.ts';
import type { CreateTemplate } from '../../core/campaign.ts';
import { api, type CampaignDraftAnswer, type Templates } from '../lib/api.ts';
import { KindIcon } from './StepNodes.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { sayError } from '../lib/error-words.ts';

async function templateIds(
  wanted: Record<string, CreateTemplate>,
): Promise<Record<string, string>> {
  const { templates } = await api<Templates>('/v1/templates');
  const ids: Record<string, string> = {};
  for (const [name, t] of Object.entries(wanted)) {
    const same = templates.find((x) => x.name === t.name && x.subject === t.subject);
    ids[name] =
      same?.id ??
      (await api<{ template: { id: string } }>('/v1/templates', { method: 'POST', body: t }))
        .template.id;
  }
  return ids;
}

export async function createFromGallery(recipe: GalleryCampaign): Promise<string> {
  const graph = recipe.graph(await templateIds(recipe.templates));
  const res = await api<CampaignDraftAnswer>('/v1/campaigns', {
    method: 'POST',
    body: { name: recipe.name, description: recipe.explanation, graph },
  });
  return res.campaign.id;
}

export function Gallery() {
  const router = useRouter();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const use = async (recipe: GalleryCampaign) => {
    setBusy(recipe.key);
    setError(undefined);
    try {
      router.push(`/campaigns/${await createFromGallery(recipe)}`);
    } catch (err) {
      setError(`The ${recipe.name} campaign could not be created: ${sayError(err)}`);
      setBusy(undefined);
    }
  };
  return (
    <section className="section" data-testid="gallery">
      <div className="section-header">
        <h2>Start from a ready campaign</h2>
        <span className="muted small">
          Each comes with its emails; change anything before publishing.
        </span>
      </div>
      {error && <ErrorNotice error={error} />}
      <div className="gallery">
        {campaignGallery.map((recipe) => {
          const kinds = recipe.graph({}).nodes.map((n) => n.kind);
          return (
            <div key={recipe.key} className="gallery-card" data-testid={`gallery-${recipe.key}`}>
              <strong>{recipe.name}</strong>
              <p className="muted small">{recipe.explanation}</p>
              <div className="gallery-steps" aria-label={`${kinds.length} steps`}>
                {kinds.map((k, i) => (
                  <KindIcon key={i} kind={k} size={14} />
                ))}
              </div>
              <button
                type="button"
                className="button primary small"
                data-testid={`gallery-use-${recipe.key}`}
                disabled={busy !== undefined}
                onClick={() => void use(recipe)}
              >
                {busy === recipe.key ? 'Creating…' : 'Use this campaign'}
              </button>
            </div>
          );
        })}
      </div>
    </section>
  );
}
