// The A/B draw. A hash of (campaign, node, customer) rather than a random number, so a customer
// always lands in the same variant of a split, however often the journey is replayed or re-entered.
import type { z } from 'zod';
import type { SplitNode } from './graph.ts';

/** FNV-1a over the key, mapped to [0, 1). */
export function stableFraction(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Mix the low bits up so that keys differing only at the end spread evenly.
  hash = (hash ^ (hash >>> 16)) >>> 0;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash = (hash ^ (hash >>> 13)) >>> 0;
  return hash / 0x1_0000_0000;
}

/** The exit a customer takes: a variant's name, or "control". */
export function drawSplit(node: z.infer<typeof SplitNode>, key: string): string {
  const control = node.controlWeight ?? 0;
  const total = node.variants.reduce((sum, v) => sum + v.weight, control);
  let point = stableFraction(key) * total;
  for (const v of node.variants) {
    if (point < v.weight) return v.name;
    point -= v.weight;
  }
  return control > 0 ? 'control' : node.variants[node.variants.length - 1]!.name;
}
