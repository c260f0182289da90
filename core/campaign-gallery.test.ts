// Every campaign of the gallery is ready to publish as it comes: a valid graph with no problem
// left, each email it sends among its own templates, and a one-line explanation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateTemplate } from './campaign.ts';
import { campaignGallery } from './campaign-gallery.ts';
import { draftProblems } from './graph-problems.ts';
import { CampaignGraph, templateRefs } from './graph.ts';

test('the gallery holds the seven campaigns a shop starts with', () => {
  assert.deepEqual(
    campaignGallery.map((c) => c.key),
    [
      'welcome',
      'abandoned-cart',
      'abandoned-browse',
      'post-purchase',
      'birthday',
      'win-back',
      'points-expiring',
    ],
  );
});

for (const recipe of campaignGallery)
  test(`${recipe.name}: publishable as it comes, with its own templates`, () => {
    const ids = Object.fromEntries(
      Object.keys(recipe.templates).map((name, i) => [
        name,
        `00000000-0000-4000-8000-00000000000${i}`,
      ]),
    );
    for (const t of Object.values(recipe.templates)) CreateTemplate.parse(t);
    const graph = CampaignGraph.parse(recipe.graph(ids));
    assert.deepEqual(draftProblems(graph), []);
    assert.deepEqual(
      [...new Set(templateRefs(graph).map((r) => r.templateId))].sort(),
      Object.values(ids).sort(),
    );
    assert.ok(recipe.explanation.length > 20 && !recipe.explanation.includes('\n'));
  });
