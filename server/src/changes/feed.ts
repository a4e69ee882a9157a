import { GraphQLError } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '@anbinh/shared';
import type { BaseContext, Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { Node } from '../graphql/node';
import { changeTypeOf, ChangeType } from '../records/change-types';
import { recordTypes, requireRecordType } from '../records/catalogue';
import { recordsById } from '../records/record';
import { ChangeEvent, ChangeOperation, compare, decodeCursor, encodeCursor, tableOf, type FeedPosition, type OutboxChange } from './event';
import { presentPosition, readOutbox, type Condition } from './outbox';
import { changeHorizon } from './retention';

@ObjectType({ description: 'A page of the change feed.' })
export class ChangePage {
  @Field(() => [ChangeEvent], { description: 'The changes after the cursor, oldest first.' }) events!: ChangeEvent[];
  @Field(() => String, {
    description:
      'Where to continue: after the last event, or past everything read so far when nothing more is waiting (so a narrow feed does not read the same stretch again).',
  })
  endCursor!: string;
  @Field(() => Boolean, { description: 'True when more changes wait after this page.' }) hasMore!: boolean;
}

/** The tables of record types with their own reading rule (individual cases): officers follow them in their units only. */
const restrictedTables = () => recordTypes.filter((t) => t.kind.access).map((t) => t.kind.table);

interface FeedArgs {
  after?: string | null;
  types?: ChangeType[] | null;
  unitCode?: string | null;
  /** Only these operations (the typed conveniences). */
  operations?: ChangeOperation[];
}

/**
 * What one reader may follow: individual cases only for officers (their units)
 * and admins; a partner only its units and change types. The same scope as
 * SQL (reading the outbox) and as a test (filtering the shared window).
 */
class FeedScope {
  readonly conditions: Condition[];
  private tables: Set<string>;
  private operations: Set<string> | null;
  /** Each must hold the change's atom (the unit asked for; a partner's units). */
  private within: ReadonlySet<string>[] = [];
  /** An officer's units, for individual cases. */
  private casesWithin: ReadonlySet<string> | null = null;
  private restricted = restrictedTables();

  constructor(ctx: BaseContext, args: FeedArgs) {
    const { viewer, gazetteer } = ctx;
    let types = args.types?.length ? [...new Set(args.types)] : Object.values(ChangeType);
    // Types with their own reading rule (individual cases) are for officers and admins only.
    if (viewer.role !== Role.ADMIN && viewer.role !== Role.OFFICER) types = types.filter((t) => !restrictedTables().map(changeTypeOf).includes(t));
    if (viewer.role === Role.PARTNER && viewer.changeTypes?.length) types = types.filter((t) => viewer.changeTypes!.includes(t));
    this.tables = new Set(types.map(tableOf));
    this.operations = args.operations ? new Set(args.operations) : null;
    this.conditions = [{ sql: 'entity = any(?::text[])', bindings: [[...this.tables]] }];
    if (args.operations) this.conditions.push({ sql: 'operation = any(?::text[])', bindings: [args.operations.map((o) => o.toLowerCase())] });
    const within = (codes: readonly string[]) => {
      const territory = gazetteer.territory(codes);
      this.within.push(territory.has);
      this.conditions.push({ sql: 'atom_id = any(?::text[])', bindings: [territory.atoms] });
    };
    if (args.unitCode != null) {
      if (!gazetteer.latest(args.unitCode.trim())) throw userError(`There is no unit ${args.unitCode}.`);
      within([args.unitCode.trim()]);
    }
    if (viewer.role === Role.PARTNER) within(viewer.units);
    if (viewer.role === Role.OFFICER) {
      const territory = gazetteer.territory(viewer.units);
      this.casesWithin = territory.has;
      this.conditions.push({ sql: '(entity <> all(?::text[]) or atom_id = any(?::text[]))', bindings: [this.restricted, territory.atoms] });
    }
  }

  admits(change: OutboxChange): boolean {
    if (!this.tables.has(change.entity) || (this.operations && !this.operations.has(change.operation))) return false;
    const atom = change.atomId ?? '';
    if (this.within.some((atoms) => !atoms.has(atom))) return false;
    return !this.casesWithin || !this.restricted.includes(change.entity) || this.casesWithin.has(atom);
  }
}

const pageLimit = (first: number) => {
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw userError('first must be a whole number from 1 to 1000.');
  return first;
};

/** Refuses a cursor the caller brought from before the retention horizon: what followed it has been deleted. */
async function checkRetention(ctx: BaseContext, after: FeedPosition): Promise<void> {
  const horizon = await changeHorizon(ctx.primary);
  if (horizon && compare(after, { tx: BigInt(horizon.tx), position: BigInt(horizon.position) }) < 0) {
    throw userError(
      'The hub no longer keeps the changes after that cursor (they are older than its retention window): reload what you need with queries, then follow the feed from now (leave "after" out).',
      'RESYNC_REQUIRED',
    );
  }
}

/** Up to `first` changes after the cursor in the reader's scope. */
async function readChanges(ctx: Context, args: FeedArgs, first: number): Promise<ChangePage> {
  pageLimit(first);
  const scope = new FeedScope(ctx, args);
  const after = args.after != null ? decodeCursor(args.after) : await presentPosition(ctx.primary);
  const [, { changes, complete }] = await Promise.all([
    args.after != null ? checkRetention(ctx, after) : null,
    readOutbox(ctx.primary, ctx.gazetteer, after, scope.conditions, first + 1),
  ]);
  const events = changes.slice(0, first).map((c) => c.event);
  const hasMore = changes.length > first;
  const end = hasMore ? changes[first - 1] : (complete ?? changes.at(-1) ?? after);
  return { events, endCursor: encodeCursor(end), hasMore };
}

/**
 * One subscriber's place in the feed: replays what follows its cursor (from
 * the outbox while it lies before the shared window, then from the window),
 * then waits for the tail to read more. An iterator rather than a generator,
 * so a subscriber who leaves is let go at once, not at the next change.
 */
class ChangeStream implements AsyncIterableIterator<ChangeEvent> {
  private queue: ChangeEvent[] = [];
  private next_ = 0;
  private done = false;
  private checked: boolean;
  private stopWaiting: (() => void) | null = null;
  private expiry: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | null = null;

  constructor(
    private ctx: BaseContext,
    private scope: FeedScope,
    private cursor: FeedPosition,
    brought: boolean,
  ) {
    this.checked = !brought; // a cursor from the caller is checked against retention once; the stream's own need not be
    const expiresAt = ctx.viewer.expiresAt?.getTime();
    // Wakes the stream when its token expires, so it ends even if nothing changes. A timer may fire a
    // millisecond before Date.now() reaches the time asked: then it is set again, or the wake-up is lost.
    const wakeAtExpiry = () => {
      const left = expiresAt! - Date.now();
      if (left > 0) this.expiry = setTimeout(wakeAtExpiry, Math.min(left + 5, 2 ** 31 - 1));
      else this.wakeUp?.();
    };
    if (expiresAt !== undefined) wakeAtExpiry();
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<ChangeEvent>> {
    for (;;) {
      if (this.next_ < this.queue.length) return { value: this.queue[this.next_++], done: false };
      if (this.done) return { value: undefined, done: true };
      if (this.ctx.viewer.expiresAt && this.ctx.viewer.expiresAt.getTime() <= Date.now()) {
        return this.end(
          userError('Your token has expired, so this subscription ends: subscribe again with a new token and the last cursor you received.', 'UNAUTHENTICATED'),
        );
      }
      this.queue = [];
      this.next_ = 0;
      const tail = this.ctx.changeTail!;
      const window = tail.since(this.cursor);
      if (window === null) {
        // Before the window: read the outbox in the subscriber's scope until caught up.
        try {
          if (!this.checked) await checkRetention(this.ctx, this.cursor);
          this.checked = true;
          const { changes, complete } = await readOutbox(this.ctx.primary, this.ctx.gazetteer, this.cursor, this.scope.conditions, 500);
          this.queue = changes.map((c) => c.event);
          this.cursor = complete ?? changes.at(-1) ?? this.cursor;
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return this.end(error); // a coded refusal (RESYNC_REQUIRED) reaches the subscriber as an error, then the stream ends
        }
        continue;
      }
      for (const change of window) if (this.scope.admits(change)) this.queue.push(change.event);
      if (window.length > 0) this.cursor = window.at(-1)!;
      if (compare(tail.head, this.cursor) > 0) this.cursor = tail.head;
      if (this.queue.length > 0 || this.done) continue;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.stopWaiting = tail.onNext(resolve);
      });
      this.wakeUp = null;
      this.stopWaiting?.();
      this.stopWaiting = null;
    }
  }

  async return(): Promise<IteratorResult<ChangeEvent>> {
    this.done = true;
    this.queue = [];
    this.next_ = 0;
    clearTimeout(this.expiry);
    this.stopWaiting?.();
    this.wakeUp?.();
    return { value: undefined, done: true };
  }

  /** Delivers `failure` as the stream's last event (the field resolver raises it as a coded error). */
  private end(failure: GraphQLError): IteratorResult<ChangeEvent> {
    void this.return();
    return { value: Object.assign(new ChangeEvent(), { failure }), done: false };
  }
}

async function followChanges(ctx: BaseContext, args: FeedArgs): Promise<AsyncIterableIterator<ChangeEvent>> {
  if (!ctx.changeTail) throw new Error('The change feed streams only over the WebSocket endpoint');
  const scope = new FeedScope(ctx, args);
  const cursor = args.after != null ? decodeCursor(args.after) : ctx.changeTail.head;
  return new ChangeStream(ctx, scope, cursor, args.after != null);
}

function delivered(event: ChangeEvent): ChangeEvent {
  if (event.failure) throw event.failure;
  return event;
}

const typesDoc = 'Only these kinds of record; all by default (individual community-education cases only for officers and admins).';
const unitDoc = 'Only changes within this unit’s territory, across reorganisations (a district includes its communes).';

@Resolver(() => ChangeEvent)
export class ChangeFeedResolver {
  @Query(() => ChangePage, { description: 'The change feed in pages, for systems that poll: the same events and cursors as the `changes` subscription.' })
  async changes(
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier page or event; left out: from now.' }) after: string | null,
    @Arg('first', () => Int, { defaultValue: 100, description: 'At most this many events, 1–1000.' }) first: number,
    @Arg('types', () => [ChangeType], { nullable: true, description: typesDoc }) types: ChangeType[] | null,
    @Arg('unitCode', () => String, { nullable: true, description: unitDoc }) unitCode: string | null,
  ): Promise<ChangePage> {
    return readChanges(ctx, { after, types, unitCode }, first);
  }

  @Subscription(() => ChangeEvent, {
    name: 'changes',
    description:
      'Every change after the cursor, then each new one as it commits (over graphql-ws at /graphql). Reconnect with the last cursor you received to get exactly what you missed.',
    subscribe: ({ args, context }) => followChanges(context as BaseContext, args as FeedArgs),
  })
  changesStream(
    @Root() event: ChangeEvent,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier event or page; left out: from now.' }) _after: string | null,
    @Arg('types', () => [ChangeType], { nullable: true, description: typesDoc }) _types: ChangeType[] | null,
    @Arg('unitCode', () => String, { nullable: true, description: unitDoc }) _unitCode: string | null,
  ): ChangeEvent {
    return delivered(event);
  }

  @Subscription(() => ChangeEvent, {
    name: 'commendationAwarded',
    description: 'Each commendation awarded within a unit (all units by default): the change feed narrowed to new commendations, with the same cursors.',
    subscribe: ({ args, context }) =>
      followChanges(context as BaseContext, { ...(args as FeedArgs), types: [changeTypeOf('commendation')], operations: [ChangeOperation.INSERT] }),
  })
  commendationAwarded(
    @Root() event: ChangeEvent,
    @Arg('unitCode', () => String, { nullable: true, description: unitDoc }) _unitCode: string | null,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier event; left out: from now.' }) _after: string | null,
  ): ChangeEvent {
    return delivered(event);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: 'The record as it is now, as the reader may see it; null once deleted or when outside what the reader may read.',
  })
  async record(@Root() event: ChangeEvent, @Ctx() ctx: Context): Promise<Node | null> {
    const kind = requireRecordType({ table: event.table }).kind;
    try {
      return await ctx.loader(`change-record:${event.table}`, (ids: readonly number[]) => recordsById(ctx, kind, ids)).load(event.rowId);
    } catch (error) {
      if (error instanceof GraphQLError) return null; // a type the reader may not read
      throw error;
    }
  }
}
