import type { RecordType } from './record-type';
import { typeNameOfTable } from '../graphql/node';
import { addChangeType } from './change-types';

/**
 * Every record type, in the order their declarations ran: `defineRecordType` adds each one, and
 * `app/record-types.ts` (written by `schema:write`) imports every feature's declaration, so no
 * list here is kept by hand and the engine imports no feature.
 */
export const recordTypes: RecordType[] = [];

export function register(type: RecordType): void {
  if (recordTypes.some((t) => t.typeName === type.typeName || t.kind.table === type.kind.table)) throw new Error(`${type.typeName} is declared twice.`);
  // The change feed names a record by its table alone (its global id, its ChangeType).
  if (typeNameOfTable(type.kind.table) !== type.typeName)
    throw new Error(`Record type ${type.typeName} is kept in ${type.kind.table}: its table must be its name in snake_case.`);
  recordTypes.push(type);
  addChangeType(type.kind.table, type.typeName);
}

/** The record type kept in a table, or of a type name. */
export function recordTypeOf(key: { table: string } | { typeName: string }): RecordType | undefined {
  return 'table' in key ? recordTypes.find((t) => t.kind.table === key.table) : recordTypes.find((t) => t.typeName === key.typeName);
}

/** The same, for a type the code names and so must exist. */
export function requireRecordType(key: Parameters<typeof recordTypeOf>[0]): RecordType {
  const type = recordTypeOf(key);
  if (!type) throw new Error(`No record type ${JSON.stringify(key)}: is its feature imported by app/record-types.ts?`);
  return type;
}
