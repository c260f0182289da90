// Messaging types (issue 14): the marketer names what customers can subscribe to, and marks the
// transactional ones, which ignore unsubscribes and carry no unsubscribe link.
import {
  MessagingTypeAnswer,
  MessagingTypeInput,
  MessagingTypeParams,
  MessagingTypes,
} from '../../core/contract/messaging-types.ts';
import {
  listMessagingTypes,
  type MessagingTypeRow,
  saveMessagingType,
} from '../../db/messaging-types.ts';
import { audit } from '../audit.ts';
import { route } from '../route.ts';

const toMessagingType = (r: MessagingTypeRow) => ({
  key: r.key,
  name: r.name,
  description: r.description,
  transactional: r.transactional,
  createdAt: r.created_at.toISOString(),
});

export const messagingTypeRoutes = [
  route({
    method: 'get',
    path: '/v1/messaging-types',
    permission: 'templates:read',
    summary:
      'The messaging types customers subscribe to per channel; transactional ones ignore unsubscribes',
    responses: { 200: MessagingTypes },
    handler: async ({ deps: { db } }) => ({
      messagingTypes: (await listMessagingTypes(db)).map(toMessagingType),
    }),
  }),
  route({
    method: 'put',
    path: '/v1/messaging-types/{key}',
    permission: 'settings:write',
    summary:
      'Create or change a messaging type (its name on the preference page, whether it is transactional)',
    params: MessagingTypeParams,
    body: MessagingTypeInput,
    responses: { 200: MessagingTypeAnswer },
    handler: async ({ params: { key }, body, req, deps: { db } }) => {
      const saved = await saveMessagingType(db, { key, ...body });
      await audit(db, req, {
        action: 'setting.messaging_type_saved',
        targetType: 'setting',
        targetId: `messaging-type:${key}`,
        details: { ...body },
      });
      return { messagingType: toMessagingType(saved) };
    },
  }),
];
