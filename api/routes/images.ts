// Images for emails (issue 14): uploaded from the editor (the file is the body) and served by
// Herald at /i/{id} to every mail client, with no third-party host. Only raster formats a mail
// client shows: an SVG can carry script, and most clients do not show it anyway.
import express from 'express';
import { z } from 'zod';
import { ImageQuery, UploadedImageAnswer } from '../../core/contract/images.ts';
import { badRequest, HeraldError } from '../../core/errors.ts';
import { getImage, storeImage } from '../../db/images.ts';
import { route } from '../route.ts';

const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Whether the bytes start as the type says: a mail client is never served a script as a PNG. */
export const IMAGE_MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  'image/jpeg': (b) => b.subarray(0, 3).equals(Buffer.from('ffd8ff', 'hex')),
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
};
const MAX_BYTES = 5 * 1024 * 1024;

export const imageRoutes = [
  route({
    method: 'post',
    path: '/v1/images',
    permission: 'templates:write',
    summary:
      'Upload an image for emails (the file is the body: PNG, JPEG, GIF or WebP, up to 5 MB); it is served at the answer’s url',
    query: ImageQuery,
    unparsedBody: {
      contentType: 'image/png',
      schema: z.string(),
      parser: express.raw({ type: () => true, limit: MAX_BYTES }),
    },
    responses: { 201: UploadedImageAnswer },
    errors: [413],
    handler: async ({ query, req, deps }) => {
      const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!TYPES.includes(contentType))
        throw badRequest('Upload a PNG, JPEG, GIF or WebP image.', [
          { field: 'Content-Type', in: 'header', message: `use one of ${TYPES.join(', ')}` },
        ]);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw badRequest('Send the image file as the request body.', [
          { field: '(body)', message: 'send the image file' },
        ]);
      if (!IMAGE_MAGIC[contentType]!(req.body))
        throw badRequest(`The file is not a ${contentType.slice(6).toUpperCase()} image.`, [
          { field: '(body)', message: `send the image file itself, as ${contentType}` },
        ]);
      const row = await storeImage(deps.db, { name: query.name, contentType, bytes: req.body });
      return {
        image: {
          id: row.id,
          name: row.name,
          contentType: row.content_type,
          size: row.size,
          url: `${deps.config.trackingUrl.replace(/\/+$/, '')}/i/${row.id}`,
          createdAt: row.created_at.toISOString(),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/i/{id}',
    summary: 'An uploaded email image, for mail clients (no key)',
    public: true,
    rateLimit: 'trackingLinks',
    params: z.object({ id: z.string().max(100) }),
    responses: { 200: { description: 'The image', contentType: 'image/png' } },
    errors: [404],
    handler: async ({ params: { id }, res, deps }) => {
      const image = await getImage(deps.db, id);
      if (!image) throw new HeraldError(404, 'not_found', 'No such image.');
      res
        .set({
          'content-type': image.content_type,
          // An image never changes under its ID: mail providers' proxies may keep it for good.
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
        })
        .send(image.bytes);
    },
  }),
];
