import { Field, InputType, ObjectType, Resolver } from 'type-graphql';
import { ModelHost, ModelKind, Organisation } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { DateScalar } from '../graphql/scalars';
import { ConnectionType } from '../graphql/pagination';
import { LocatedRecordFilter } from '../records/record.inputs';
import { LocatedRecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { equals, oneOf } from '../records/enum-filter';

@ObjectType('SecurityModel', { implements: Node, description: 'A self-management model (mô hình tự phòng, tự quản, tự bảo vệ) in a village, ward, agency, enterprise or school.' })
export class SecurityModel extends LocatedRecordNode {
  @Field(() => String, { description: 'Its name (NFC).' }) name!: string;
  @Field(() => ModelKind, { description: 'What the model does.' }) kind!: ModelKind;
  @Field(() => ModelHost, { description: 'Where it is rooted.' }) host!: ModelHost;
  @Field(() => [Organisation], { description: 'The police and Fatherland Front organisations that run it.' }) organisations!: Organisation[];
  @Field(() => DateScalar, { description: 'The day it was set up.' }) establishedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Null while it operates.' }) dissolvedOn!: string | null;
  @Field(() => Boolean, { description: 'Held up as an example (điển hình tiên tiến).' }) exemplary!: boolean;
}

@InputType('SecurityModelFilter', { description: 'Which self-management models to list.' })
export class SecurityModelFilter extends LocatedRecordFilter {
  @Field(() => [ModelKind], { nullable: true, description: 'Only these kinds.' }) kinds?: ModelKind[] | null;
  @Field(() => [ModelHost], { nullable: true, description: 'Only models rooted here.' }) hosts?: ModelHost[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only exemplary models (true) or only the others (false).' }) exemplary?: boolean | null;
}

export const SecurityModelConnection = ConnectionType('SecurityModel', SecurityModel);

export const securityModelKind: RecordKind<SecurityModel, SecurityModelFilter> = {
  typeName: 'SecurityModel',
  queryName: 'securityModels',
  description: 'Self-management models; with from/to, those operating at some time in the period.',
  table: 'security_model',
  node: SecurityModel,
  filter: SecurityModelFilter,
  columns: {
    name: 'r.name', kind: 'r.kind', host: 'r.host', organisations: 'r.organisations::text[]', exemplary: 'r.exemplary',
    establishedOn: 'r.established_on::text', dissolvedOn: 'r.dissolved_on::text',
  },
  period: { from: 'r.established_on', to: 'r.dissolved_on' },
  nameColumn: 'name',
  located: true,
  where: (f) => [...oneOf('kind', f.kinds), ...oneOf('host', f.hosts), ...equals('exemplary', f.exemplary)],
};

@Resolver(() => SecurityModel)
// Its camera sites and commendations are resolved in their own folders (camera-sites/, commendations/), which name the model.
export class SecurityModelResolver extends recordResolver(securityModelKind, SecurityModelConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const securityModelWritable: Writable = {
  fields: {
    name: { type: 'text', column: 'name', max: 300, description: 'Its name (NFC).' },
    kind: { type: 'enum', column: 'kind', enum: ModelKind, description: 'What the model does.' },
    host: { type: 'enum', column: 'host', enum: ModelHost, description: 'Where it is rooted.' },
    organisations: { type: 'enumList', column: 'organisations', enum: Organisation, pgType: 'organisation', description: 'The organisations that run it, at least one.' },
    establishedOn: { type: 'date', column: 'established_on', description: 'The day it was set up.' },
    exemplary: { type: 'boolean', column: 'exemplary', default: false, description: 'Held up as an example (điển hình tiên tiến).' },
  },
  start: (v) => v.establishedOn as string,
  startField: 'establishedOn',
  end: { field: 'dissolvedOn', column: 'dissolved_on' },
  location: 'geometry',
};
