// Registers the journey search attributes on the namespace. Idempotent: an attribute that
// already exists is fine, so every worker may do this at start.
import { Connection } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import proto from '@temporalio/proto';
import { journeySearchAttributeKeys } from '../workflows/search-attributes.ts';

// @temporalio/proto is CommonJS: its namespaces hang off the default export.
const { IndexedValueType } = proto.temporal.api.enums.v1;
const typeOf = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

export async function registerSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = journeySearchAttributeKeys.filter(
      (k) => !(k.name in (existing.customAttributes ?? {})),
    );
    if (missing.length === 0) return;
    const searchAttributes = Object.fromEntries(missing.map((k) => [k.name, typeOf[k.type]]));
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    } catch (err) {
      // Another worker registered them first.
      if ((err as { code?: number }).code !== status.ALREADY_EXISTS) throw err;
    }
  } finally {
    await connection.close();
  }
}
