import { Field, Float, InputType, Int, ObjectType, Resolver } from 'type-graphql';
import { CommitmentTopic } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { RecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';

@ObjectType('HouseholdCommitment', { implements: Node, description: 'How many households of a commune signed a commitment (ký cam kết) in a year.' })
export class HouseholdCommitment extends RecordNode {
  @Field(() => Int, { description: 'The year of the commitment.' }) year!: number;
  @Field(() => CommitmentTopic, { description: 'What households committed to.' }) topic!: CommitmentTopic;
  @Field(() => Int, { description: 'Households in the commune.' }) households!: number;
  @Field(() => Int, { description: 'Households that signed.' }) committed!: number;
  @Field(() => Float, { description: 'committed ÷ households, 0–1.' }) rate!: number;
}

@InputType('HouseholdCommitmentFilter', { description: 'Which household commitments to list; from/to select the years they fall in.' })
export class HouseholdCommitmentFilter extends RecordFilter {
  @Field(() => [CommitmentTopic], { nullable: true, description: 'Only these topics.' }) topics?: CommitmentTopic[] | null;
}

export const HouseholdCommitmentConnection = ConnectionType('HouseholdCommitment', HouseholdCommitment);

export const householdCommitmentKind: RecordKind<HouseholdCommitment, HouseholdCommitmentFilter> = {
  typeName: 'HouseholdCommitment',
  queryName: 'householdCommitments',
  description: 'Household commitments per commune and year.',
  table: 'household_commitment',
  node: HouseholdCommitment,
  filter: HouseholdCommitmentFilter,
  columns: { year: 'r.year', topic: 'r.topic', households: 'r.households', committed: 'r.committed', rate: 'r.committed::float8 / nullif(r.households, 0)' },
  // A commitment stands for its whole year: it falls in any period that overlaps that year.
  period: { from: 'make_date(r.year, 1, 1)', to: 'make_date(r.year, 12, 31)' },
  where: (f) => oneOf('topic', f.topics),
};

@Resolver(() => HouseholdCommitment)
export class HouseholdCommitmentResolver extends recordResolver(householdCommitmentKind, HouseholdCommitmentConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const householdCommitmentWritable: Writable = {
  fields: {
    year: { type: 'int', column: 'year', min: 2008, max: 2100, description: 'The year of the commitment.' },
    topic: { type: 'enum', column: 'topic', enum: CommitmentTopic, description: 'What households committed to.' },
    households: { type: 'int', column: 'households', min: 1, max: 1_000_000, description: 'Households in the commune.' },
    committed: { type: 'int', column: 'committed', min: 0, max: 1_000_000, description: 'Households that signed.' },
  },
  start: (v) => `${v.year}-01-01`,
  startField: 'year',
  check: (v) => (Number(v.committed) > Number(v.households) ? `committed (${v.committed}) cannot exceed households (${v.households}).` : undefined),
};
