import { GraphQLError } from 'graphql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Gazetteer } from '../geography/gazetteer';
import { userError } from '../graphql/errors';
import { toGlobalId, typeNameOfTable } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { ChangeType } from '../records/change-types';

export const tableOf = (type: string) => type.toLowerCase();

export enum ChangeOperation {
  INSERT = 'INSERT',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}
registerEnumType(ChangeOperation, {
  name: 'ChangeOperation',
  description: 'Whether the record was created, changed or deleted.',
  valuesConfig: { INSERT: { description: 'Created.' }, UPDATE: { description: 'Changed (or closed).' }, DELETE: { description: 'Deleted.' } },
});

@ObjectType({ description: 'One committed change to a record, in the order the feed delivers them.' })
export class ChangeEvent {
  @Field(() => String, { description: 'Pass it back as `after` to receive what follows; cursors strictly increase in delivery order.' }) cursor!: string;
  @Field(() => ChangeType, { description: 'What kind of record changed.' }) type!: ChangeType;
  @Field(() => ChangeOperation, { description: 'Created, changed or deleted.' }) operation!: ChangeOperation;
  @Field(() => DateTimeScalar, { description: 'When the change was made (its transaction’s time).' }) occurredAt!: Date;
  @Field(() => String, { nullable: true, description: 'The code of the unit the record belongs to.' }) unitCode!: string | null;
  @Field(() => ID, { description: 'The record’s global id (as in node(id:)).' }) entityId!: string;
  table!: string;
  rowId!: number;
  /** In a stream: why it ends (an expired token, a cursor past retention), raised by the field resolver as a coded error. */
  failure?: GraphQLError;
}

/**
 * Where a change sits in delivery order: its transaction id, then its position.
 * Delivered in that order, and only once every older transaction has ended
 * (tx below the oldest one still running), a change that commits late still
 * comes after the cursor its reader holds: a later position in an earlier
 * transaction cannot be skipped.
 */
export interface FeedPosition {
  tx: bigint;
  position: bigint;
}

export const compare = (a: FeedPosition, b: FeedPosition) =>
  a.tx !== b.tx ? (a.tx < b.tx ? -1 : 1) : a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
export const encodeCursor = (p: FeedPosition) => Buffer.from(`${p.tx}:${p.position}`).toString('base64url');
export function decodeCursor(cursor: string): FeedPosition {
  const [tx, position] = Buffer.from(cursor, 'base64url').toString().split(':');
  // Within xid8 and bigint, so that a forged cursor is refused here rather than by the database.
  if (/^\d{1,20}$/.test(tx ?? '') && /^\d{1,19}$/.test(position ?? '') && BigInt(tx) < 2n ** 64n && BigInt(position) < 2n ** 63n) {
    return { tx: BigInt(tx), position: BigInt(position) };
  }
  throw userError(`"${cursor}" is not a change-feed cursor: pass back a cursor the feed gave you, or leave "after" out to start from now.`);
}

/** A change as read from the outbox: its event (shared by every reader it goes to) and what scopes filter on. */
export interface OutboxChange extends FeedPosition {
  entity: string;
  operation: ChangeOperation;
  atomId: string | null;
  event: ChangeEvent;
}

export function changeFromRow(row: Record<string, any>, gazetteer: Gazetteer): OutboxChange {
  const at = { tx: BigInt(row.tx), position: BigInt(row.position) };
  const event = Object.assign(new ChangeEvent(), {
    cursor: encodeCursor(at),
    type: row.entity.toUpperCase() as ChangeType,
    operation: row.operation as ChangeOperation,
    occurredAt: row.occurred_at,
    unitCode: gazetteer.byId(row.unit_id)?.code ?? null,
    entityId: toGlobalId(typeNameOfTable(row.entity), row.entity_id),
    table: row.entity,
    rowId: row.entity_id,
  });
  return { ...at, entity: row.entity, operation: event.operation, atomId: row.atom_id, event };
}
