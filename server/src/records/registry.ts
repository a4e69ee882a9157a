import type { RecordType } from './record-type';

/**
 * Every record type, in the order their declarations ran: `defineRecordType` adds each one, and
 * `server/src/record-types.ts` (written by `schema:write`) imports every feature's declaration, so no
 * list here is kept by hand and the engine imports no feature.
 */
export const recordTypes: RecordType[] = [];

/** What changed, in the change feed: one value per record type, named after its table (CAMERA_SITE). */
export const ChangeType: Record<string, string> = {};
export const changeTypeValues: Record<string, { description: string }> = {};
export type ChangeType = string;

export const changeTypeOf = (table: string): ChangeType => table.toUpperCase();

export function register(type: RecordType): void {
  if (recordTypes.some((t) => t.typeName === type.typeName || t.kind.table === type.kind.table)) throw new Error(`${type.typeName} is declared twice.`);
  recordTypes.push(type);
  const change = changeTypeOf(type.kind.table);
  ChangeType[change] = change;
  changeTypeValues[change] = { description: `A ${type.typeName}.` };
}

/** The record type of a table, a type name or a change type. */
export function recordTypeOf(key: { table: string } | { typeName: string } | { change: string }): RecordType | undefined {
  if ('table' in key) return recordTypes.find((t) => t.kind.table === key.table);
  if ('typeName' in key) return recordTypes.find((t) => t.typeName === key.typeName);
  return recordTypes.find((t) => changeTypeOf(t.kind.table) === key.change);
}

/** The same, for a type the code names and so must exist. */
export function requireRecordType(key: Parameters<typeof recordTypeOf>[0]): RecordType {
  const type = recordTypeOf(key);
  if (!type) throw new Error(`No record type ${JSON.stringify(key)}: is its feature imported by server/src/record-types.ts?`);
  return type;
}
