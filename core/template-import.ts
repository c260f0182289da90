// Template import (issue 14): an HTML or MJML file as MJML, and the image references of an
// imported document rewritten to where Herald serves the images. Pure text work, shared by the
// api (which reads zips and stores the images) and the web app.

/**
 * An imported file as MJML: MJML as it is; HTML (a whole page or a fragment) kept verbatim in an
 * mj-raw block, which MJML passes through.
 */
export function importedMjml(fileText: string): string {
  const text = fileText.trim();
  if (isMjml(text)) return text;
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(text)?.[1] ?? text;
  return `<mjml><mj-body><mj-raw>${body}</mj-raw></mj-body></mjml>`;
}

export const isMjml = (text: string) => /^(<\?xml[^>]*>\s*)?<mjml[\s>]/i.test(text.trim());

/** The document's title (<title> or <mj-title>), for the template's subject. */
export function documentTitle(text: string): string | undefined {
  const title = /<(?:mj-)?title[^>]*>([^<]{1,500})<\/(?:mj-)?title>/i.exec(text)?.[1]?.trim();
  return title || undefined;
}

// Where documents name images: src, background and background-url attributes, CSS url().
const REFERENCE =
  /(\b(?:src|background|background-url)\s*=\s*["'])([^"']+)(["'])|(url\(\s*["']?)([^"')]+)(["']?\s*\))/gi;

/** A reference as a path inside the archive, relative to the document; undefined for URLs. */
export function archivePath(documentPath: string, reference: string): string | undefined {
  const ref = reference.trim();
  if (/^([a-z][a-z0-9+.-]*:|\/\/|#|\{\{|\{%)/i.test(ref)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.split(/[?#]/)[0]!);
  } catch {
    return undefined;
  }
  // Resolved by hand rather than with node:path, so that the web app can bundle this file.
  const parts: string[] = decoded.startsWith('/') ? [] : documentPath.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (segment && segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/**
 * Rewrites every image reference of the document that names a file of the archive to that
 * file's URL; answers the text and the references that named no file (left as they were).
 */
export function rewriteImageReferences(
  text: string,
  documentPath: string,
  urls: Map<string, string>,
): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const rewritten = text.replace(REFERENCE, (whole: string, ...groups: (string | undefined)[]) => {
    // An attribute's quote, value and quote, or url(, its value and ).
    const [open, ref, close] = (groups[0] ? groups.slice(0, 3) : groups.slice(3, 6)) as string[];
    const file = archivePath(documentPath, ref!);
    if (file === undefined) return whole;
    const url = urls.get(file);
    if (!url) {
      unresolved.add(ref!);
      return whole;
    }
    return `${open}${url}${close}`;
  });
  return { text: rewritten, unresolved: [...unresolved] };
}
