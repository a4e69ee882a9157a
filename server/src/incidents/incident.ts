import { Field, InputType, ObjectType, Resolver } from 'type-graphql';
import { IncidentCategory } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { RecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';

@ObjectType('Incident', { implements: Node, description: 'An incident or case (vụ việc) uncovered, often thanks to a tip.' })
export class Incident extends RecordNode {
  @Field(() => DateScalar, { description: 'The day it was uncovered.' }) uncoveredOn!: string;
  @Field(() => IncidentCategory, { description: 'What it was about.' }) category!: IncidentCategory;
  @Field(() => Boolean, { description: 'Whether a valuable tip led to it.' }) fromTip!: boolean;
}

@InputType('IncidentFilter', { description: 'Which incidents to list.' })
export class IncidentFilter extends RecordFilter {
  @Field(() => [IncidentCategory], { nullable: true, description: 'Only these categories.' }) categories?: IncidentCategory[] | null;
}

export const IncidentConnection = ConnectionType('Incident', Incident);

export const incidentKind: RecordKind<Incident, IncidentFilter> = {
  typeName: 'Incident',
  queryName: 'incidents',
  description: 'Incidents uncovered.',
  table: 'incident',
  node: Incident,
  filter: IncidentFilter,
  columns: { uncoveredOn: 'r.uncovered_on::text', category: 'r.category', fromTip: 'r.tip_id is not null' },
  period: { on: 'r.uncovered_on' },
  where: (f) => oneOf('category', f.categories),
};

@Resolver(() => Incident)
export class IncidentResolver extends recordResolver(incidentKind, IncidentConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const incidentWritable: Writable = {
  fields: {
    uncoveredOn: { type: 'date', column: 'uncovered_on', description: 'The day it was uncovered.' },
    category: { type: 'enum', column: 'category', enum: IncidentCategory, description: 'What it was about.' },
  },
  start: (v) => v.uncoveredOn as string,
  startField: 'uncoveredOn',
};
