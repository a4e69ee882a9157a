import { Field, InputType, Int, ObjectType, Resolver } from 'type-graphql';
import { OutreachKind } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { NamedRecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
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
