import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { SqlFragment, SqlValue } from '@anbinh/db';
import { fieldError, userError } from './errors';

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
  /** Counted only when a client asks for it: a count reads every matching row, whichever the page. */
  totalCount: number | Promise<number>;
}

/** A Relay connection type for `Node`, named `<name>Connection` with `<name>Edge`. */
export function ConnectionType<T extends object>(name: string, Node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque, signed position of this item in the order, for after/before in the same collection and order.' })
    cursor!: string;
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

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * One key of a listing's order: an SQL expression (the same text in ORDER BY,
 * in the keyset condition and in the cursor, so a text key compares with the
 * collation its ORDER BY uses) and its direction. Nulls sort as PostgreSQL's
 * default puts them: last ascending, first descending.
 */
export interface SortKey {
  sql: string;
  bindings?: SqlValue[];
  descending?: boolean;
  /** The expression can be null (a distance to a record without a location). */
  nullable?: boolean;
}

/**
 * A listing's total order: its keys, the last one unique (the id), and a scope
 * naming the listing and order, so a cursor only continues the listing it came from.
 */
export interface Keyset {
  scope: string;
  keys: SortKey[];
}

/** An opaque, signed position in one listing's order: the order's values and the id. */
export class Cursors {
  private readonly key: Buffer;

  /** `secret`: CURSOR_SECRET, else the token signing key; a key of its own is derived from it. */
  constructor(secret: Uint8Array) {
    this.key = createHmac('sha256', secret).update('anbinh page cursor').digest();
  }

  encode(scope: string, values: (string | null)[]): string {
    const payload = Buffer.from(JSON.stringify([scopeTag(scope), ...values])).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The values a cursor holds, or INVALID_CURSOR with what to do. */
  decode(cursor: string, scope: string, arity: number, argument: 'after' | 'before'): (string | null)[] {
    const refuse = (why: string) => fieldError(argument, 'INVALID_CURSOR', `${argument}: ${why}`);
    const [payload, signature, extra] = cursor.length <= maxCursorLength ? cursor.split('.') : [];
    const expected = payload === undefined ? undefined : Buffer.from(this.sign(payload));
    const given = Buffer.from(signature ?? '');
    if (extra !== undefined || expected === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw refuse(
        'this cursor was not issued by this API, or was changed. Pass a cursor from a previous page’s edges or pageInfo as it came, or start again without one.',
      );
    }
    const [tag, ...values] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string, ...(string | null)[]];
    if (tag !== scopeTag(scope) || values.length !== arity) {
      throw refuse(
        'this cursor comes from another listing or order. A cursor only continues the collection, order (and search or point) it came from; start again without one.',
      );
    }
    return values;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16).toString('base64url');
  }
}

/** Cursors this API issues are far shorter; a longer string is refused before any work. */
const maxCursorLength = 2_000;

const scopeTag = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 8);

/** What a page reads: conditions after/before the cursors, the order to scan in, the row limit and the key values to select. */
export interface PagePlan {
  keyset: Keyset;
  conditions: SqlFragment[];
  /** ORDER BY for the scan (reversed when paging backwards from the end). */
  order: SqlFragment;
  /** Rows to read: one more than the page, to tell whether more follow. */
  limit: number;
  size: number;
  /** Selects each key's value as text, `"_k0"`, `"_k1"`…, for the cursors. */
  keyColumns: SqlFragment;
  backwards: boolean;
  page: PageArgs;
}

/**
 * Turns Relay's first/after/last/before into keyset conditions: a page after a
 * cursor starts right after that position in the order, wherever rows were added
 * or removed before it, and reads through the order's index as fast at page 1,000 as at page 1.
 */
export function planPage(keyset: Keyset, page: PageArgs, cursors: Cursors, defaultSize = 20, maxSize = maxPageSize): PagePlan {
  for (const [name, size] of [
    ['first', page.first],
    ['last', page.last],
  ] as const) {
    if (size != null && (!Number.isInteger(size) || size < 0 || size > maxSize)) {
      throw fieldError(name, 'OUT_OF_RANGE', `${name} must be between 0 and ${maxSize}; ask for the next page with after: pageInfo.endCursor.`);
    }
  }
  if (page.first != null && page.last != null) throw userError('Give either first or last, not both.');
  const arity = keyset.keys.length;
  const conditions: SqlFragment[] = [];
  if (page.after != null) conditions.push(beyond(keyset.keys, cursors.decode(page.after, keyset.scope, arity, 'after'), false));
  if (page.before != null) conditions.push(beyond(keyset.keys, cursors.decode(page.before, keyset.scope, arity, 'before'), true));
  const backwards = page.last != null;
  const size = page.first ?? page.last ?? defaultSize;
  const scan = keyset.keys.map((k) => ({ ...k, descending: Boolean(k.descending) !== backwards }));
  return {
    keyset,
    conditions,
    size,
    limit: size + 1,
    backwards,
    page,
    order: joined(scan.map((k) => ({ sql: `${k.sql} ${k.descending ? 'desc' : 'asc'}`, bindings: k.bindings ?? [] }))),
    keyColumns: keyColumns(keyset),
  };
}

/** Selects each key's value as text, `"_k0"`, `"_k1"`…, to continue after a row. */
export function keyColumns(keyset: Keyset): SqlFragment {
  return joined(keyset.keys.map((k, i) => ({ sql: `(${k.sql})::text as "_k${i}"`, bindings: k.bindings ?? [] })));
}

/** Rows after `row` (read with `keyColumns`) in the keyset's order: the next batch of a read in batches. */
export function afterRow(keyset: Keyset, row: Record<string, unknown>): SqlFragment {
  return beyond(keyset.keys, rowKeys(keyset, row), false);
}

const rowKeys = (keyset: Keyset, row: Record<string, unknown>) => keyset.keys.map((_, i) => (row[`_k${i}`] as string | null) ?? null);

/**
 * Rows strictly after `values` in the keys' order (before them with `reversed`).
 * All keys one way and none nullable: a row comparison, which PostgreSQL reads as an index range.
 */
function beyond(keys: SortKey[], values: (string | null)[], reversed: boolean): SqlFragment {
  const scan = keys.map((k) => ({ ...k, descending: Boolean(k.descending) !== reversed }));
  if (scan.every((k) => !k.nullable && k.descending === scan[0].descending) && values.every((v) => v !== null)) {
    return {
      sql: `(${scan.map((k) => k.sql).join(', ')}) ${scan[0].descending ? '<' : '>'} (${scan.map(() => '?').join(', ')})`,
      bindings: [...scan.flatMap((k) => k.bindings ?? []), ...values],
    };
  }
  const equal = (k: SortKey, v: string | null): SqlFragment =>
    v === null ? { sql: `${k.sql} is null`, bindings: k.bindings ?? [] } : { sql: `${k.sql} = ?`, bindings: [...(k.bindings ?? []), v] };
  const after = (k: SortKey & { descending: boolean }, v: string | null): SqlFragment => {
    const b = k.bindings ?? [];
    // Ascending puts nulls last, descending first.
    if (!k.descending)
      return v === null
        ? { sql: 'false', bindings: [] }
        : { sql: k.nullable ? `(${k.sql} > ? or ${k.sql} is null)` : `${k.sql} > ?`, bindings: k.nullable ? [...b, v, ...b] : [...b, v] };
    return v === null ? { sql: `${k.sql} is not null`, bindings: b } : { sql: `${k.sql} < ?`, bindings: [...b, v] };
  };
  const branches = scan.map((k, i) => {
    const parts = [...scan.slice(0, i).map((e, j) => equal(e, values[j])), after(k, values[i])];
    return { sql: `(${parts.map((p) => p.sql).join(' and ')})`, bindings: parts.flatMap((p) => p.bindings) };
  });
  return { sql: `(${branches.map((b) => b.sql).join(' or ')})`, bindings: branches.flatMap((b) => b.bindings) };
}

function joined(parts: SqlFragment[]): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(', '), bindings: parts.flatMap((p) => p.bindings) };
}

/** The cursor of a row read with a plan's `keyColumns`. */
export function rowCursor(keyset: Keyset, row: Record<string, unknown>, cursors: Cursors): string {
  return cursors.encode(keyset.scope, rowKeys(keyset, row));
}

/** Strips the key columns a plan added to a row. */
export function withoutKeys<R extends Record<string, unknown>>(row: R): R {
  const out = { ...row };
  for (const name of Object.keys(out)) if (/^_k\d+$/.test(name)) delete out[name];
  return out;
}

/**
 * The connection for the rows a plan read (in scan order, up to `limit`): the page in
 * the listing's order, its cursors, and a total counted only if asked for.
 */
export function pageConnection<T>(
  plan: PagePlan,
  rows: Record<string, unknown>[],
  toNode: (row: Record<string, unknown>) => T,
  cursors: Cursors,
  count: () => Promise<number>,
): Connection<T> {
  const more = rows.length > plan.size;
  const kept = rows.slice(0, plan.size);
  if (plan.backwards) kept.reverse();
  const edges = kept.map((row) => ({ cursor: rowCursor(plan.keyset, row, cursors), node: toNode(withoutKeys(row)) }));
  // Relay lets the side the client did not page from answer "maybe": an item at the cursor it gave.
  return connection(
    edges,
    {
      hasNextPage: plan.backwards ? plan.page.before != null : more,
      hasPreviousPage: plan.backwards ? more : plan.page.after != null,
    },
    count,
  );
}

/** A connection of known edges; `total` a number, or counted on first read. */
export function connection<T>(
  edges: { cursor: string; node: T }[],
  more: Pick<PageInfo, 'hasNextPage' | 'hasPreviousPage'>,
  total: number | (() => Promise<number>),
): Connection<T> {
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    get totalCount() {
      return typeof total === 'number' ? total : (counted ??= total());
    },
    pageInfo: { ...more, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}
