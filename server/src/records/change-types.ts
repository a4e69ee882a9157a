import { registerEnumType } from 'type-graphql';

/**
 * What changed, in the change feed: one value per record type, named after its table (CAMERA_SITE),
 * added by `defineRecordType`. Kept apart from the registry so the feed's lowest layer imports nothing else.
 */
export const ChangeType: Record<string, string> = {};
export type ChangeType = string;
const changeTypeValues: Record<string, { description: string }> = {};
// Read when the schema is built, after every declaration has added its value.
registerEnumType(ChangeType, { name: 'ChangeType', description: 'The kind of record a change is about.', valuesConfig: changeTypeValues });

const typeNames = new Map<string, string>();

export const changeTypeOf = (table: string): ChangeType => table.toUpperCase();

/** Adds a record type's value (records/registry.ts does, for each declaration). */
export function addChangeType(table: string, typeName: string): void {
  const change = changeTypeOf(table);
  ChangeType[change] = change;
  changeTypeValues[change] = { description: `A ${typeName}.` };
  typeNames.set(table, typeName);
}

/** The record type kept in a table, by name (for global ids). */
export function typeNameOfTable(table: string): string {
  const name = typeNames.get(table);
  if (!name) throw new Error(`No record type is kept in ${table}.`);
  return name;
}
