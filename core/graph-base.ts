// Fields every campaign-graph node has.
import { z } from 'zod';

export const NodeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" or "-"');

export const Position = z.object({ x: z.number(), y: z.number() });

export const NodeBase = {
  id: NodeId,
  label: z.string().max(200).optional(),
  position: Position.optional(),
};
