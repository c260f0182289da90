// How a test send is signed (issue 14): as the default email gateway signs what it sends, so that
// the test shows the DKIM-Signature (over List-Unsubscribe and List-Unsubscribe-Post) a real send
// carries. The test still leaves through the api's SMTP relay; only the key and From are the
// gateway's.
import { DKIM_HEADERS } from '../core/dkim.ts';
import { gatewayConfig, gatewayFor } from '../db/gateways.ts';
import type { ApiDeps } from './deps.ts';

export interface TestSendSigning {
  from?: string;
  dkim?: { domainName: string; keySelector: string; privateKey: string; headerFieldNames: string };
}

export async function testSendSigning(deps: ApiDeps): Promise<TestSendSigning> {
  const row = await gatewayFor(deps.db, 'email');
  if (!row || row.provider !== 'smtp' || row.managed_by === 'environment') return {};
  const config = gatewayConfig(row, deps.config.HERALD_SECRET);
  if (config.provider !== 'smtp') return {};
  const { dkim, from } = config.settings;
  const privateKey = config.credentials?.dkimPrivateKey;
  return {
    ...(from && { from }),
    ...(dkim &&
      privateKey && {
        dkim: { ...dkim, privateKey, headerFieldNames: DKIM_HEADERS },
      }),
  };
}
