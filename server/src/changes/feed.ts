import { GraphQLError } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { Node, toGlobalId } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { recordKinds } from '../records/kinds';
import { recordsById } from '../records/record';
import { changeSignal } from './signal';
import { changeHorizon } from './retention';

const tableOf = (type: string) => type.toLowerCase();
const kindOf = (table: string) => recordKinds.find((k) => k.table === table)!;

/** What changed: one value per kind of record, named after its table. */
export enum ChangeType {
  SECURITY_MODEL = 'SECURITY_MODEL', CAMERA_SITE = 'CAMERA_SITE', REPORT_MAILBOX = 'REPORT_MAILBOX', COVID_TEAM = 'COVID_TEAM',
  OUTREACH_ACTIVITY = 'OUTREACH_ACTIVITY', VALUABLE_TIP = 'VALUABLE_TIP', INCIDENT = 'INCIDENT', SEIZURE = 'SEIZURE',
  COMMUNITY_EDUCATION_CASE = 'COMMUNITY_EDUCATION_CASE', COMMENDATION = 'COMMENDATION', HOUSEHOLD_COMMITMENT = 'HOUSEHOLD_COMMITMENT',
}
registerEnumType(ChangeType, {
  name: 'ChangeType',
  description: 'The kind of record a change is about.',
  valuesConfig: Object.fromEntries(Object.values(ChangeType).map((t) => [t, { description: `A ${kindOf(tableOf(t)).typeName}.` }])),
});

export enum ChangeOperation { INSERT = 'INSERT', UPDATE = 'UPDATE', DELETE = 'DELETE' }
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

@ObjectType({ description: 'A page of the change feed.' })
export class ChangePage {
  @Field(() => [ChangeEvent], { description: 'The changes after the cursor, oldest first.' }) events!: ChangeEvent[];
  @Field(() => String, { description: 'Where to continue: the last event’s cursor, or the one given when nothing new has committed.' }) endCursor!: string;
  @Field(() => Boolean, { description: 'True when more changes wait after this page.' }) hasMore!: boolean;
}

/**
 * A cursor is a change's (transaction id, position). Delivered in that order,
 * and only once every older transaction has ended (tx_id below the oldest one
 * still running), a change that commits late still comes after the cursor its
 * reader holds: a later position in an earlier transaction cannot be skipped.
 */
const encode = (tx: string, position: string) => Buffer.from(`${tx}:${position}`).toString('base64url');
function decode(cursor: string): { tx: string; position: string } {
  const [tx, position] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!/^\d+$/.test(tx ?? '') || !/^\d+$/.test(position ?? '')) throw userError(`"${cursor}" is not a change-feed cursor: pass back a cursor the feed gave you, or leave "after" out to start from now.`);
  return { tx, position };
}

/** The cursor of "now": what commits from here on comes after it. */
async function presentCursor(ctx: Context): Promise<string> {
  const { rows } = await runSql(ctx.knex, 'select pg_snapshot_xmin(pg_current_snapshot())::text as tx');
  return encode(rows[0].tx, '0');
}

interface FeedArgs {
  after?: string | null;
  types?: ChangeType[] | null;
  unitCode?: string | null;
  /** Only these operations (the typed conveniences). */
  operations?: ChangeOperation[];
}

/** The types and places a viewer may follow: individual cases only for officers (their units) and admins; a partner only its units and change types. */
function scope(ctx: Context, args: FeedArgs) {
  const { viewer, gazetteer } = ctx;
  let types = args.types?.length ? [...new Set(args.types)] : Object.values(ChangeType);
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.OFFICER) types = types.filter((t) => t !== ChangeType.COMMUNITY_EDUCATION_CASE);
  if (viewer.role === Role.PARTNER && viewer.changeTypes?.length) types = types.filter((t) => viewer.changeTypes!.includes(t));
  const territory = (codes: readonly string[]) => [...new Set(codes.flatMap((code) => gazetteer.territoryOf(code)))];
  const conditions: { sql: string; bindings: unknown[] }[] = [{ sql: 'entity = any(?::text[])', bindings: [types.map(tableOf)] }];
  if (args.operations) conditions.push({ sql: 'operation = any(?::text[])', bindings: [args.operations.map((o) => o.toLowerCase())] });
  if (args.unitCode != null) {
    if (!gazetteer.latest(args.unitCode.trim())) throw userError(`There is no unit ${args.unitCode}.`);
    conditions.push({ sql: 'atom_id = any(?::text[])', bindings: [territory([args.unitCode.trim()])] });
  }
  if (viewer.role === Role.PARTNER) conditions.push({ sql: 'atom_id = any(?::text[])', bindings: [territory(viewer.units)] });
  if (viewer.role === Role.OFFICER) {
    conditions.push({ sql: `(entity <> 'community_education_case' or atom_id = any(?::text[]))`, bindings: [territory(viewer.units)] });
  }
  return conditions;
}

/**
 * Up to `first` changes after the cursor that every reader can rely on:
 * committed, and with nothing older still running. A cursor the caller brought
 * is checked against the retention horizon; one a stream reached itself
 * (`reached`) is not, which spares a subscription's every wake-up a query.
 */
export async function readChanges(ctx: Context, args: FeedArgs, first: number, reached = false): Promise<ChangePage> {
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw userError('first must be a whole number from 1 to 1000.');
  const after = args.after ?? (await presentCursor(ctx));
  const { tx, position } = decode(after);
  const conditions = scope(ctx, args);
  const checkHorizon = args.after != null && !reached;
  const [horizon, { rows }] = await Promise.all([checkHorizon ? changeHorizon(ctx.knex) : null, runSql(ctx.knex,
    `select position::text, tx_id::text as tx, occurred_at, entity, entity_id, upper(operation) as operation, unit_id
     from change
     where (tx_id, position) > (?::xid8, ?::bigint) and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       and ${conditions.map((c) => c.sql).join(' and ')}
     order by tx_id, position limit ?`,
    [tx, position, ...conditions.flatMap((c) => c.bindings), first + 1],
  )]);
  if (horizon && (BigInt(tx) < BigInt(horizon.tx) || (tx === horizon.tx && BigInt(position) < BigInt(horizon.position)))) {
    throw userError('The hub no longer keeps the changes after that cursor (they are older than its retention window): reload what you need with queries, then follow the feed from now (leave "after" out).', 'RESYNC_REQUIRED');
  }
  const events = rows.slice(0, first).map((r: Record<string, any>) => Object.assign(new ChangeEvent(), {
    cursor: encode(r.tx, r.position), type: r.entity.toUpperCase() as ChangeType, operation: r.operation as ChangeOperation, occurredAt: r.occurred_at,
    unitCode: ctx.gazetteer.byId(r.unit_id)?.code ?? null, entityId: toGlobalId(kindOf(r.entity).typeName, r.entity_id), table: r.entity, rowId: r.entity_id,
  }));
  return { events, endCursor: events.at(-1)?.cursor ?? after, hasMore: rows.length > first };
}

/** The feed as a stream: replays what follows the cursor, then waits for more, until the subscriber leaves or its token expires. */
async function* followChanges(ctx: Context, args: FeedArgs): AsyncGenerator<ChangeEvent> {
  let cursor = args.after ?? (await presentCursor(ctx));
  let reached = args.after == null; // from the first page on, the stream's own cursor
  const expired = () => ctx.viewer.expiresAt !== undefined && ctx.viewer.expiresAt.getTime() <= Date.now();
  const ending = (failure: GraphQLError) => Object.assign(new ChangeEvent(), { failure });
  for (;;) {
    if (expired()) {
      yield ending(userError('Your token has expired, so this subscription ends: subscribe again with a new token and the last cursor you received.', 'UNAUTHENTICATED'));
      return;
    }
    let page: ChangePage;
    try {
      page = await readChanges(ctx, { ...args, after: cursor }, 500, reached);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      yield ending(error); // a coded refusal (RESYNC_REQUIRED, a bad cursor) reaches the subscriber as an error, then the stream ends
      return;
    }
    for (const event of page.events) yield event;
    cursor = page.endCursor;
    reached = true;
    if (!page.hasMore) await changeSignal.wait();
  }
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
    description: 'Every change after the cursor, then each new one as it commits (over graphql-ws at /graphql). Reconnect with the last cursor you received to get exactly what you missed.',
    subscribe: ({ args, context }) => followChanges(context as Context, args as FeedArgs),
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
    subscribe: ({ args, context }) => followChanges(context as Context, { ...(args as FeedArgs), types: [ChangeType.COMMENDATION], operations: [ChangeOperation.INSERT] }),
  })
  commendationAwarded(
    @Root() event: ChangeEvent,
    @Arg('unitCode', () => String, { nullable: true, description: unitDoc }) _unitCode: string | null,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier event; left out: from now.' }) _after: string | null,
  ): ChangeEvent {
    return delivered(event);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The record as it is now, as the reader may see it; null once deleted or when outside what the reader may read.' })
  async record(@Root() event: ChangeEvent, @Ctx() ctx: Context): Promise<Node | null> {
    const kind = kindOf(event.table);
    try {
      return (await ctx.loader(`change-record:${event.table}`, (ids: readonly number[]) => recordsById(ctx, kind, ids)).load(event.rowId)) as Node | null;
    } catch (error) {
      if (error instanceof GraphQLError) return null; // a type the reader may not read
      throw error;
    }
  }
}
