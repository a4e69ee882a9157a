import { typeNameOfTable } from '../graphql/node';
import type { AnyRecordKind } from './record';
import type { RecordWriter } from './record.writes';

/**
 * Every record type the API lists, and the writers of those officers write:
 * registered once by the wiring (app/record-types.ts), read by what serves all
 * types alike (node(id:), the change feed, exports), which sit below the
 * record types' folders and so cannot import them.
 */
const kinds: AnyRecordKind[] = [];
const writers: RecordWriter[] = [];

/** Adds record types and their writers; called by the wiring when the process starts. */
export function registerRecordTypes(added: readonly AnyRecordKind[], addedWriters: readonly RecordWriter[]): void {
  for (const kind of added) {
    if (kinds.some((k) => k.table === kind.table || k.typeName === kind.typeName)) throw new Error(`Record type ${kind.typeName} (${kind.table}) is registered twice.`);
    // The change feed names a record by its table alone (its global id, its ChangeType).
    if (typeNameOfTable(kind.table) !== kind.typeName) throw new Error(`Record type ${kind.typeName} is kept in ${kind.table}: its table must be its name in snake_case.`);
    kinds.push(kind);
  }
  writers.push(...addedWriters);
}

/** Every registered record type, in the order the wiring lists them. */
export const recordKinds: readonly AnyRecordKind[] = kinds;

/** The writers (create/update/close) of the record types officers write. */
export const recordWriters: readonly RecordWriter[] = writers;

/** The record type kept in a table. */
export function kindOf(table: string): AnyRecordKind {
  const kind = kinds.find((k) => k.table === table);
  if (!kind) throw new Error(`No record type is registered for the table ${table}.`);
  return kind;
}

/** The writer of a record type. */
export function writerOf(kind: AnyRecordKind): RecordWriter {
  const writer = writers.find((w) => w.kind === kind);
  if (!writer) throw new Error(`No writer is registered for ${kind.typeName}.`);
  return writer;
}
