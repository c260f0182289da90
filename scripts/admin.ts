// Admin tasks for a deployment without the dev launcher (e.g. docker compose):
//   tsx scripts/admin.ts create-user <email> <password> [name] [role]
//   tsx scripts/admin.ts create-api-key <name> [role]
// The role is admin unless given (core/permissions.ts lists the roles).
import { loadConfig } from '../core/config.ts';
import { Role } from '../core/permissions.ts';
import { createApiKey, upsertUser } from '../db/auth.ts';
import { createDb } from '../db/connection.ts';
import { migrateLatest } from '../db/migrate.ts';

const [command, ...args] = process.argv.slice(2);
const config = loadConfig();
const roleArg = (value: string | undefined) => Role.parse(value ?? 'admin');
if (!config.DATABASE_URL) throw new Error('Set DATABASE_URL to the Postgres that Herald uses.');
const db = createDb(config.DATABASE_URL);
try {
  await migrateLatest(db);
  if (command === 'create-user' && args[0] && args[1]) {
    const user = await upsertUser(db, {
      email: args[0],
      password: args[1],
      name: args[2] ?? args[0],
      role: roleArg(args[3]),
    });
    console.log(`user ${user.email} (${user.role}) can sign in to the web app`);
  } else if (command === 'create-api-key' && args[0]) {
    const { key } = await createApiKey(db, args[0], { scope: { role: roleArg(args[1]) } });
    console.log(`API key "${args[0]}" (shown once, store it now):\n${key}`);
  } else {
    console.error(
      'usage: tsx scripts/admin.ts create-user <email> <password> [name] [role] | create-api-key <name> [role]',
    );
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
