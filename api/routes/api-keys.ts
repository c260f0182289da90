// API keys, managed by the api and the web app's settings page: made with a scope no wider than
// the maker's own permissions, shown once, listed with when each was last used, revoked at once.
import {
  type ApiKey,
  ApiKeyAnswer,
  ApiKeyCreated,
  ApiKeyParams,
  ApiKeys,
  CreateApiKey,
} from '../../core/contract/api-keys.ts';
import { notFound } from '../../core/errors.ts';
import { permissionsOf } from '../../core/permissions.ts';
import {
  type ApiKeyRow,
  createApiKey,
  type KeyScope,
  listApiKeys,
  revokeApiKey,
} from '../../db/api-keys.ts';
import { forbidden } from '../auth.ts';
import { route } from '../route.ts';

const scopeOf = (row: ApiKeyRow): KeyScope =>
  row.role ? { role: row.role } : { permissions: row.permissions ?? [] };

export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scope: scopeOf(row),
  permissions: [...(row.role ? permissionsOf(row.role) : (row.permissions ?? []))],
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export const apiKeyRoutes = [
  route({
    method: 'get',
    path: '/v1/api-keys',
    permission: 'api-keys:manage',
    summary: 'API keys, live ones first, each with its scope and when it was last used',
    responses: { 200: ApiKeys },
    handler: async ({ deps }) => ({ apiKeys: (await listApiKeys(deps.db)).map(toApiKey) }),
  }),
  route({
    method: 'post',
    path: '/v1/api-keys',
    permission: 'api-keys:manage',
    summary:
      'Make an API key scoped to a role or a set of permissions (no wider than your own); the key is shown once',
    body: CreateApiKey,
    responses: { 201: ApiKeyCreated },
    errors: [403],
    handler: async ({ body, req, deps }) => {
      const principal = req.principal!;
      const scope: KeyScope = body.role ? { role: body.role } : { permissions: body.permissions! };
      // A key can do no more than the one who made it: a developer cannot mint an admin key.
      const wanted = 'role' in scope ? permissionsOf(scope.role) : scope.permissions;
      const beyond = wanted.find((p) => !principal.permissions.includes(p));
      if (beyond) throw forbidden(beyond, principal);
      const created = await createApiKey(deps.db, body.name, {
        scope,
        createdBy: principal.kind === 'user' ? principal.id : undefined,
      });
      return {
        apiKey: toApiKey(created.row),
        key: created.key,
        note: 'Store this key now: Herald keeps only its hash and cannot show it again. Send it as "Authorization: Bearer <key>".',
      };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/api-keys/{id}',
    permission: 'api-keys:manage',
    summary: 'Revoke an API key: from the next request on it answers 401',
    params: ApiKeyParams,
    responses: { 200: ApiKeyAnswer },
    errors: [404],
    handler: async ({ params: { id }, deps }) => {
      const row = await revokeApiKey(deps.db, id);
      if (!row) throw notFound(`API key ${id}`);
      return { apiKey: toApiKey(row) };
    },
  }),
];
