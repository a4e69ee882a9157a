import { Field, ID, InterfaceType } from 'type-graphql';
import { parseGlobalId } from './input';

/** Relay's Node: anything with a global id can be fetched again with `node(id:)`. */
@InterfaceType('Node', { description: 'An object with a global id, refetchable with `node(id:)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Global id: opaque, stable, unique across types.' })
  id!: string;
}

/** Global ids are base64url("Type:id"): opaque to clients, decodable here. */
export function toGlobalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/** The type and database id of a global id, refused (field, INVALID_ID) when this API did not issue it. */
export const fromGlobalId = parseGlobalId;

/** The GraphQL type of the records kept in a table (security_model → SecurityModel): every record type is named after its table. */
export const typeNameOfTable = (table: string): string => table.replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase());
