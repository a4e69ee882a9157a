import { Field, InputType, ObjectType, Resolver } from 'type-graphql';
import { CaseOutcome, Role } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { RecordFilter } from '../records/record.inputs';
import { RecordNode, type Reader, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';
import { requireRole } from '../access/viewer';

@ObjectType('CommunityEducationCase', {
  implements: Node,
  description: 'One person under community education, by a pseudonymous reference only: no name, birth date or address is stored. Visible to officers of its unit and to admins; everyone else reads aggregates (rehabilitation).',
})
export class CommunityEducationCase extends RecordNode {
  @Field(() => String, { description: 'The pseudonymous case reference the commune police keep; it names no one.' }) reference!: string;
  @Field(() => DateScalar, { description: 'The day the person was placed under community education.' }) placedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'The day the case ended; null while open.' }) releasedOn!: string | null;
  @Field(() => CaseOutcome, { nullable: true, description: 'How it ended; null while open.' }) outcome!: CaseOutcome | null;
}

@InputType('CommunityEducationCaseFilter', { description: 'Which cases to list; from/to select cases open at some time in the period.' })
export class CommunityEducationCaseFilter extends RecordFilter {
  @Field(() => [CaseOutcome], { nullable: true, description: 'Only cases that ended so.' }) outcomes?: CaseOutcome[] | null;
}

export const CommunityEducationCaseConnection = ConnectionType('CommunityEducationCase', CommunityEducationCase);

export const communityEducationCaseKind: RecordKind<CommunityEducationCase, CommunityEducationCaseFilter> = {
  typeName: 'CommunityEducationCase',
  queryName: 'communityEducationCases',
  description: 'Individual community-education cases: admins see all; an officer, those in its units’ territory; other roles are refused (they read rehabilitation aggregates).',
  table: 'community_education_case',
  node: CommunityEducationCase,
  filter: CommunityEducationCaseFilter,
  columns: { reference: 'r.reference', placedOn: 'r.placed_on::text', releasedOn: 'r.released_on::text', outcome: 'r.outcome' },
  period: { from: 'r.placed_on', to: 'r.released_on' },
  where: (f) => oneOf('outcome', f.outcomes),
  access: ({ viewer, gazetteer }: Reader) => {
    requireRole(viewer, [Role.ADMIN, Role.OFFICER], 'read individual community-education cases (rehabilitation gives the aggregates)');
    if (viewer.role === Role.ADMIN) return [];
    return [{ sql: 'r.atom_id = any(?)', bindings: [gazetteer.territory(viewer.units).atoms] }];
  },
};

@Resolver(() => CommunityEducationCase)
export class CommunityEducationCaseResolver extends recordResolver(communityEducationCaseKind, CommunityEducationCaseConnection) {}

/**
 * Placing a person under community education, and correcting it. Only the case
 * reference the commune police keep is stored, and it must look like one
 * (GD-2024-000123), so a name typed into it is refused. Closing has its own
 * mutation (closeCommunityEducationCase), which also records the outcome.
 */
export const communityEducationCaseWritable: Writable = {
  fields: {
    reference: {
      type: 'text', column: 'reference', max: 40, description: 'The pseudonymous case reference, e.g. GD-2024-000123; never a name.',
      pattern: { test: /^[A-Z0-9][A-Z0-9/._-]{3,39}$/, hint: 'is not a case reference: write it as the commune police file it (capitals, digits and - / . _, e.g. GD-2024-000123), never a person’s name.' },
    },
    placedOn: { type: 'date', column: 'placed_on', description: 'The day the person was placed under community education.' },
  },
  start: (v) => v.placedOn as string,
  startField: 'placedOn',
  end: { field: 'releasedOn', column: 'released_on', closeMutation: false },
};
