import { registerEnumType } from 'type-graphql';

/**
 * What changed, in the change feed: one value per record type, named after its table (CAMERA_SITE),
 * added by `defineRecordType`. Kept apart from the catalogue so the feed's lowest layer imports nothing else.
 */
export const ChangeType: Record<string, string> = {};
export type ChangeType = string;
const changeTypeValues: Record<string, { description: string }> = {};
// Read when the schema is built, after every declaration has added its value.
registerEnumType(ChangeType, { name: 'ChangeType', description: 'The kind of record a change is about.', valuesConfig: changeTypeValues });

export const changeTypeOf = (table: string): ChangeType => table.toUpperCase();

/** Adds a record type's value (records/catalogue.ts does, for each declaration). */
export function addChangeType(table: string, typeName: string): void {
  const change = changeTypeOf(table);
  ChangeType[change] = change;
  changeTypeValues[change] = { description: `A ${typeName}.` };
}
