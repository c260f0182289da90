// A push gateway's settings and credentials pointed at a local peer of its provider, as the push,
// push report and cascade tests create them through /v1/gateways.
import { APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC, type ApnsPeer } from './apns-peer.ts';
import type { FcmPeer } from './fcm-peer.ts';
import { HUAWEI_APP_ID, HUAWEI_SECRET, type HuaweiPeer } from './huawei-peer.ts';
import type { PushPeer } from './push-peer-common.ts';

export const peerGateway = {
  fcm: (peer: PushPeer, timeoutSeconds: number) => ({
    settings: { connectTo: peer.address, caCertificate: peer.ca, timeoutSeconds },
    credentials: { serviceAccount: (peer as FcmPeer).serviceAccount },
  }),
  apns: (peer: PushPeer, timeoutSeconds: number) => ({
    settings: {
      topic: APNS_TOPIC,
      production: false,
      address: peer.address,
      port: peer.port,
      caCertificate: peer.ca,
      timeoutSeconds,
    },
    credentials: { key: (peer as ApnsPeer).key, keyId: APNS_KEY_ID, teamId: APNS_TEAM_ID },
  }),
  huawei: (peer: PushPeer, timeoutSeconds: number) => ({
    settings: {
      appId: HUAWEI_APP_ID,
      apiBaseUrl: (peer as HuaweiPeer).url,
      tokenUrl: `${(peer as HuaweiPeer).url}/oauth2/v3/token`,
      timeoutSeconds,
    },
    credentials: { clientSecret: HUAWEI_SECRET },
  }),
};
