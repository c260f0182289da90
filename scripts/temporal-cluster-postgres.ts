// Who Temporal connects to Postgres as, in cluster mode. On the embedded Postgres it gets a role
// of its own ("temporal", a random password kept in DATA_DIR like the app's), which may create
// its two databases and reaches none of Herald's. On DATABASE_URL's server it uses that URL's
// user, which must then be allowed to create databases (or they must exist).
import pg from 'pg';
import { installationSecret } from '../core/config.ts';
import type { TemporalPostgres } from './temporal-cluster.ts';

const ROLE = 'temporal';

/** Creates or updates Temporal's role on the embedded server, through its superuser. */
export async function ensureTemporalRole(
  adminUrl: string,
  secretsDir: string,
): Promise<TemporalPostgres> {
  const password = installationSecret(secretsDir, 'temporal-postgres-password');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_roles where rolname = $1', [ROLE]);
    await client.query(
      `${exists.rowCount === 0 ? 'create' : 'alter'} role ${ROLE} with login nosuperuser createdb password ${client.escapeLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  return { host: url.hostname, port: Number(url.port || 5432), user: ROLE, password };
}

/** Temporal on DATABASE_URL's server, as that URL's user. */
export function temporalPostgresOf(databaseUrl: string): TemporalPostgres {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
