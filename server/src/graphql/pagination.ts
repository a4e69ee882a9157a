import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { userError } from './errors';
import { maxDatabaseId } from './input';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More items follow this page.' }) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'Items come before this page.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first item; null on an empty page.' }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last item: pass it as `after` for the next page.' }) endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `Node`, named `<name>Connection` with `<name>Edge`. */
export function ConnectionType<T extends object>(name: string, Node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque position of this item, for after/before.' }) cursor!: string;
    @Field(() => Node, { description: 'The item.' }) node!: T;
  }
  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay connection).` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge], { description: 'The items with their cursors.' }) edges!: Edge[];
    @Field(() => [Node], { description: 'The items alone.' }) nodes!: T[];
    @Field(() => PageInfo, { description: 'Where this page lies.' }) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'How many items match, over all pages.' }) totalCount!: number;
  }
  return ConnectionClass;
}

export const maxPageSize = 100;

/** Offset cursors: opaque to clients, stable because every listing has a total order. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^offset:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || Number(match[1]) > maxDatabaseId) throw userError(`The cursor "${cursor}" was not issued by this API: pass a cursor from a previous page's edges or pageInfo.`);
  return Number(match[1]);
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Turns Relay's first/after/last/before into a limit and an offset over a
 * listing of `total` items, refusing what cannot be served.
 */
export function pageWindow(args: PageArgs, total: number, defaultSize = 20): { limit: number; offset: number } {
  for (const [name, size] of [['first', args.first], ['last', args.last]] as const) {
    if (size != null && (!Number.isInteger(size) || size < 0 || size > maxPageSize)) {
      throw userError(`${name} must be between 0 and ${maxPageSize}; ask for the next page with after: pageInfo.endCursor.`);
    }
  }
  if (args.first != null && args.last != null) throw userError('Give either first or last, not both.');
  const start = args.after != null ? decodeCursor(args.after) + 1 : 0;
  const end = Math.max(start, args.before != null ? Math.min(decodeCursor(args.before), total) : total);
  if (args.last != null) {
    const offset = Math.max(start, end - args.last);
    return { limit: end - offset, offset };
  }
  return { limit: Math.min(args.first ?? defaultSize, end - start), offset: start };
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
