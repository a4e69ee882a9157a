import { Field, InputType, Int, ObjectType, Resolver } from 'type-graphql';
import { OutreachKind } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { NamedRecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';

@ObjectType('OutreachActivity', { implements: Node, description: 'Outreach (tuyên truyền): a session with its attendance, or a batch of posters, leaflets or media reports.' })
export class OutreachActivity extends RecordNode {
  @Field(() => OutreachKind, { description: 'Session, posters and banners, leaflets or media reports.' }) kind!: OutreachKind;
  @Field(() => DateScalar, { description: 'The day it took place or was issued.' }) heldOn!: string;
  @Field(() => Int, { description: '1 for a session; otherwise how many posters, leaflets or reports.' }) quantity!: number;
  @Field(() => Int, { nullable: true, description: 'People who attended a session.' }) attendance!: number | null;
  @Field(() => String, { description: 'What it was about, e.g. “Luật Phòng, chống ma túy”.' }) topic!: string;
}

@InputType('OutreachActivityFilter', { description: 'Which outreach activities to list; `search` matches the topic.' })
export class OutreachActivityFilter extends NamedRecordFilter {
  @Field(() => [OutreachKind], { nullable: true, description: 'Only these kinds.' }) kinds?: OutreachKind[] | null;
}

export const OutreachActivityConnection = ConnectionType('OutreachActivity', OutreachActivity);

export const outreachActivityKind: RecordKind<OutreachActivity, OutreachActivityFilter> = {
  typeName: 'OutreachActivity',
  queryName: 'outreachActivities',
  description: 'Outreach sessions, posters and banners, leaflets and media reports.',
  table: 'outreach_activity',
  node: OutreachActivity,
  filter: OutreachActivityFilter,
  columns: { kind: 'r.kind', heldOn: 'r.held_on::text', quantity: 'r.quantity', attendance: 'r.attendance', topic: 'r.topic' },
  period: { on: 'r.held_on' },
  nameColumn: 'topic',
  where: (f) => oneOf('kind', f.kinds),
};

@Resolver(() => OutreachActivity)
export class OutreachActivityResolver extends recordResolver(outreachActivityKind, OutreachActivityConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const outreachActivityWritable: Writable = {
  fields: {
    kind: { type: 'enum', column: 'kind', enum: OutreachKind, description: 'Session, posters and banners, leaflets or media reports.' },
    heldOn: { type: 'date', column: 'held_on', description: 'The day it took place or was issued.' },
    quantity: { type: 'int', column: 'quantity', min: 1, max: 1_000_000, default: 1, description: '1 for a session; otherwise how many posters, leaflets or reports.' },
    attendance: { type: 'int', column: 'attendance', min: 0, max: 1_000_000, optional: true, description: 'People who attended a session.' },
    topic: { type: 'text', column: 'topic', max: 300, description: 'What it was about.' },
  },
  start: (v) => v.heldOn as string,
  startField: 'heldOn',
  check: (v) => (v.attendance != null && v.kind !== 'SESSION' ? 'attendance is for sessions only; leave it out for posters, leaflets and media reports.' : undefined),
};
