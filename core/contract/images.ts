// Images uploaded in the email editor and served by Herald (issue 14).
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const ImageQuery = z.object({
  name: z.string().trim().min(1).max(200).default('image'),
});

export const UploadedImage = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** Where recipients' mail clients load it: TRACKING_URL/i/{id}. */
  url: z.string(),
  createdAt: Timestamp,
});
export const UploadedImageAnswer = z.object({ image: UploadedImage });
export type UploadedImageAnswer = z.infer<typeof UploadedImageAnswer>;
