// What an event can set off, cached per process: the active campaigns with a trigger and the
// points rules on events. Every event used to read both (two statements of the api's seven per
// event, issue 18). Now the statement that stores the event also reads the catalogue's version
// (migration 0255: a counter that moves in the same transaction as any change to either), and
// the cache is read again only when that version is newer than the one cached. So a publish, a
// pause or a new rule is seen by the next event stored after it commits, by every api process,
// with no notification to miss and no time-to-live to wait out.
import type { Db } from './connection.ts';
import { activeTriggeredVersions, type VersionRow } from './campaigns.ts';
import { activeEventRules, type RuleRow } from './points.ts';

export interface Catalogue {
  campaigns: VersionRow[];
  eventRules: RuleRow[];
}

interface Cached {
  version: bigint;
  catalogue: Promise<Catalogue>;
}

const cache = new WeakMap<Db, Cached>();

/**
 * The catalogue as of `version` or newer. Read after the version was seen, the rows are at least
 * as new as it: one cached under an older number than its rows is only read again needlessly.
 */
export function catalogueAt(db: Db, version: bigint): Promise<Catalogue> {
  const cached = cache.get(db);
  if (cached && cached.version >= version) return cached.catalogue;
  const catalogue = Promise.all([activeTriggeredVersions(db), activeEventRules(db)]).then(
    ([campaigns, eventRules]) => ({ campaigns, eventRules }),
  );
  const entry = { version, catalogue };
  cache.set(db, entry);
  // A failed read is not kept: the next event reads again.
  catalogue.catch(() => {
    if (cache.get(db) === entry) cache.delete(db);
  });
  return catalogue;
}
