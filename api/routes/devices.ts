// A customer's push devices: the app (or the site's server) registers each token it gets from
// FCM, APNs or Huawei, again whenever the platform hands it a new one; registering is idempotent
// (a known token is marked seen and reactivated). Tokens a provider calls unregistered are
// deactivated by the send itself, with the provider's words (docs/channels.md).
import { CustomerParams } from '../../core/contract/customers.ts';
import {
  DeviceAnswer,
  DeviceParams,
  Devices,
  RegisterDevice,
} from '../../core/contract/devices.ts';
import { notFound } from '../../core/errors.ts';
import { deleteDevice, listDevices, registerDevice, toDevice } from '../../db/devices.ts';
import { reply, route } from '../route.ts';
import { customerRow } from './customers.ts';

export const deviceRoutes = [
  route({
    method: 'get',
    path: '/v1/customers/{id}/devices',
    permission: 'customers:read',
    summary: "A customer's push devices, active first, with why any was deactivated",
    params: CustomerParams,
    responses: { 200: Devices },
    errors: [404],
    handler: async ({ params, deps: { db } }) => {
      const customer = await customerRow(db, params.id);
      return { devices: (await listDevices(db, customer.id)).map(toDevice) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/customers/{id}/devices',
    permission: 'customers:write',
    summary:
      'Register a push token (fcm, apns, huawei or web): 201 when new, 200 when known (marked seen, reactivated, moved to this customer)',
    params: CustomerParams,
    body: RegisterDevice,
    responses: {
      200: { schema: DeviceAnswer, description: 'Known token: seen again, active' },
      201: { schema: DeviceAnswer, description: 'Registered' },
    },
    errors: [404],
    handler: async ({ params, body, deps: { db } }) => {
      const customer = await customerRow(db, params.id);
      const { row, created } = await registerDevice(db, customer.id, body);
      return reply(created ? 201 : 200, { device: toDevice(row) });
    },
  }),
  route({
    method: 'delete',
    path: '/v1/customers/{id}/devices/{deviceId}',
    permission: 'customers:write',
    summary: 'Forget a device (the app signed out): no push goes to its token again',
    params: DeviceParams,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params, deps: { db } }) => {
      const customer = await customerRow(db, params.id);
      if (!(await deleteDevice(db, customer.id, params.deviceId)))
        throw notFound(`Device ${params.deviceId} of customer ${customer.id}`);
    },
  }),
];
