import { Field, ID, InterfaceType } from 'type-graphql';
import { userError } from './errors';

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

export function fromGlobalId(globalId: string): { type: string; id: number } {
  const [type, id] = Buffer.from(globalId, 'base64url').toString().split(':');
  if (!type || !/^\d+$/.test(id ?? '')) throw userError(`"${globalId}" is not a global id issued by this API: use the id field of an object.`);
  return { type, id: Number(id) };
}
