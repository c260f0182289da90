// Template import (issue 14): an HTML or MJML file, or a zip of one with its images. The zip is
// read with yauzl, which refuses absolute paths and ".." in entry names; Herald also bounds the
// archive's size, its entries and what they unpack to, so that a zip bomb costs nothing. Images
// are checked and stored as uploads are (db/images.ts) and the document's references to them are
// rewritten to Herald's URLs.
import yauzl from 'yauzl';
import { badRequest } from '../core/errors.ts';
import { documentTitle, importedMjml, rewriteImageReferences } from '../core/template-import.ts';
import { storeImage } from '../db/images.ts';
import type { Db } from '../db/connection.ts';
import { IMAGE_MAGIC } from './routes/images.ts';

export const IMPORT_LIMITS = {
  /** The upload itself (a zip or a document). */
  bytes: 20 * 1024 * 1024,
  entries: 200,
  /** One image, as an upload may be. */
  imageBytes: 5 * 1024 * 1024,
  document: 1024 * 1024,
  /** Everything the zip unpacks to. */
  unpacked: 50 * 1024 * 1024,
};

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const problem = (message: string, fix: string) =>
  badRequest(`${message}: ${fix}`, [{ field: '(body)', message: `${message}: ${fix}` }]);

interface Entry {
  name: string;
  bytes: Buffer;
}

/** The files of a zip, within IMPORT_LIMITS; a 400 naming the entry at fault otherwise. */
function unzip(zip: Buffer): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) =>
      reject(
        /absolute path|invalid relative path|invalid characters/.test(err.message)
          ? problem(
              `The zip holds a file outside its folder (${err.message})`,
              'zip the template folder itself',
            )
          : err instanceof Error && 'status' in err
            ? err
            : problem(
                `The zip cannot be read (${err.message})`,
                'upload a .zip made by your archiver',
              ),
      );
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, file) => {
      if (err || !file) return fail(err ?? new Error('no zip'));
      if (file.entryCount > IMPORT_LIMITS.entries)
        return fail(
          problem(
            `The zip holds ${file.entryCount} files`,
            `import at most ${IMPORT_LIMITS.entries}: the template and its images`,
          ),
        );
      const entries: Entry[] = [];
      let unpacked = 0;
      file.on('error', fail);
      file.on('end', () => resolve(entries));
      file.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const ext = name.split('.').pop()?.toLowerCase() ?? '';
        const wanted =
          !name.endsWith('/') &&
          !/(^|\/)(__MACOSX|\.)/.test(name) &&
          (ext in IMAGE_TYPES || ['html', 'htm', 'mjml'].includes(ext));
        if (!wanted) return file.readEntry();
        const limit = ext in IMAGE_TYPES ? IMPORT_LIMITS.imageBytes : IMPORT_LIMITS.document;
        unpacked += entry.uncompressedSize;
        if (entry.uncompressedSize > limit || unpacked > IMPORT_LIMITS.unpacked) {
          file.close();
          return fail(
            problem(
              `${name} unpacks to ${entry.uncompressedSize.toLocaleString('en')} bytes`,
              `keep images under ${IMPORT_LIMITS.imageBytes / 1024 / 1024} MB, the document under 1 MB and the whole under ${IMPORT_LIMITS.unpacked / 1024 / 1024} MB`,
            ),
          );
        }
        file.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return fail(streamErr ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            entries.push({ name, bytes: Buffer.concat(chunks) });
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** The template document of an archive: its one MJML file, else index.html, else its one HTML. */
function mainDocument(entries: Entry[]): Entry {
  const docs = entries.filter((e) => /\.(html?|mjml)$/i.test(e.name));
  const depth = (e: Entry) => e.name.split('/').length;
  const mjml = docs.filter((e) => e.name.toLowerCase().endsWith('.mjml'));
  const index = docs
    .filter((e) => /(^|\/)index\.html?$/i.test(e.name))
    .sort((a, b) => depth(a) - depth(b));
  const pick =
    mjml.length === 1 ? mjml[0] : (index[0] ?? (docs.length === 1 ? docs[0] : undefined));
  if (!pick)
    throw problem(
      docs.length === 0
        ? 'The zip holds no .html or .mjml file'
        : `The zip holds ${docs.length} documents and no index.html`,
      'put one template (index.html or one .mjml) in the zip with its images',
    );
  return pick;
}

export interface ImportedTemplate {
  subject: string | undefined;
  mjml: string;
  images: { name: string; url: string }[];
  unresolved: string[];
}

const text = (bytes: Buffer, name: string) => {
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (!decoded.trim() || decoded.includes('\u0000'))
    throw problem(
      `${name} is not a text document`,
      'upload an HTML or MJML file in UTF-8, or a zip of one',
    );
  return decoded;
};

export async function importTemplate(
  db: Db,
  body: Buffer,
  imageBase: string,
): Promise<ImportedTemplate> {
  const isZip = body.subarray(0, 4).equals(Buffer.from('504b0304', 'hex'));
  if (!isZip) {
    const doc = text(body, 'The file');
    return { subject: documentTitle(doc), mjml: importedMjml(doc), images: [], unresolved: [] };
  }
  const entries = await unzip(body);
  const doc = mainDocument(entries);
  const source = text(doc.bytes, doc.name);
  const urls = new Map<string, string>();
  const images: ImportedTemplate['images'] = [];
  for (const entry of entries) {
    const type = IMAGE_TYPES[entry.name.split('.').pop()!.toLowerCase()];
    if (!type) continue;
    if (!IMAGE_MAGIC[type]!(entry.bytes))
      throw problem(
        `${entry.name} is not a ${type.slice(6).toUpperCase()} image`,
        'replace it or leave it out of the zip',
      );
    const row = await storeImage(db, {
      name: entry.name.split('/').pop()!,
      contentType: type,
      bytes: entry.bytes,
    });
    const url = `${imageBase}/i/${row.id}`;
    urls.set(entry.name, url);
    images.push({ name: entry.name, url });
  }
  const rewritten = rewriteImageReferences(source, doc.name, urls);
  return {
    subject: documentTitle(source),
    mjml: importedMjml(rewritten.text),
    images,
    unresolved: rewritten.unresolved,
  };
}
