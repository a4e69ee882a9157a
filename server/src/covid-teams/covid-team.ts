import { Field, InputType, Int, ObjectType, Resolver } from 'type-graphql';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { NamedRecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';

@ObjectType('CovidTeam', { implements: Node, description: 'A community COVID-19 team (tổ Covid-19 cộng đồng).' })
export class CovidTeam extends RecordNode {
  @Field(() => String, { description: 'The team’s name.' }) name!: string;
  @Field(() => Int, { description: 'How many people it has.' }) members!: number;
  @Field(() => DateScalar, { description: 'The day it was formed.' }) formedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Null while active.' }) disbandedOn!: string | null;
}

@InputType('CovidTeamFilter', { description: 'Which community COVID-19 teams to list.' })
export class CovidTeamFilter extends NamedRecordFilter {}

export const CovidTeamConnection = ConnectionType('CovidTeam', CovidTeam);

export const covidTeamKind: RecordKind<CovidTeam, CovidTeamFilter> = {
  typeName: 'CovidTeam',
  queryName: 'covidTeams',
  description: 'Community COVID-19 teams; with from/to, those active at some time in the period.',
  table: 'covid_team',
  node: CovidTeam,
  filter: CovidTeamFilter,
  columns: { name: 'r.name', members: 'r.members', formedOn: 'r.formed_on::text', disbandedOn: 'r.disbanded_on::text' },
  period: { from: 'r.formed_on', to: 'r.disbanded_on' },
  nameColumn: 'name',
};

@Resolver(() => CovidTeam)
export class CovidTeamResolver extends recordResolver(covidTeamKind, CovidTeamConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const covidTeamWritable: Writable = {
  fields: {
    name: { type: 'text', column: 'name', max: 300, description: 'The team’s name.' },
    members: { type: 'int', column: 'members', min: 1, max: 1000, description: 'How many people it has.' },
    formedOn: { type: 'date', column: 'formed_on', description: 'The day it was formed.' },
  },
  start: (v) => v.formedOn as string,
  startField: 'formedOn',
  end: { field: 'disbandedOn', column: 'disbanded_on' },
};
