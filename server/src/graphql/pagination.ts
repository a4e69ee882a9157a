import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { userError } from './errors';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `Node`, named `<name>Connection` with `<name>Edge`. */
export function ConnectionType<T extends object>(name: string, Node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => Node) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [Node]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionClass;
}

export const maxPageSize = 100;

/** Offset cursors: opaque to clients, stable because every listing has a total order. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw userError(`The cursor "${cursor}" was not issued by this API: pass a cursor from a previous page's edges or pageInfo.`);
  return Number(match[1]);
}

/** Turns `first`/`after` into a limit and an offset, refusing what cannot be served. */
export function pageWindow(first: number | undefined, after: string | undefined, defaultSize = 20): { limit: number; offset: number } {
  const limit = first ?? defaultSize;
  if (limit < 0 || limit > maxPageSize) throw userError(`first must be between 0 and ${maxPageSize}; ask for the next page with after: pageInfo.endCursor.`);
  return { limit, offset: after === undefined ? 0 : decodeCursor(after) + 1 };
}

export function toConnection<T>(nodes: T[], offset: number, totalCount: number): Connection<T> {
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return {
    edges,
    nodes,
    totalCount,
    pageInfo: {
      hasNextPage: offset + nodes.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
