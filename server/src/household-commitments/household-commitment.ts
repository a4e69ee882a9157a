import { CommitmentTopic } from '@anbinh/shared';
import { enumOf, float, int } from '../records/fields';
import { defineRecordType } from '../records/define';

export const householdCommitments = defineRecordType({
  typeName: 'HouseholdCommitment',
  queryName: 'householdCommitments',
  table: 'household_commitment',
  description: 'How many households of a commune signed a commitment (ký cam kết) in a year.',
  listDescription: 'Household commitments per commune and year.',
  filterDescription: 'Which household commitments to list; from/to select the years they fall in.',
  period: { year: 'year' },
  fields: {
    year: int({ min: 2008, max: 2100, description: 'The year of the commitment.' }),
    topic: enumOf(CommitmentTopic, { description: 'What households committed to.', filter: { name: 'topics', description: 'Only these topics.' } }),
    households: int({ min: 1, max: 1_000_000, description: 'Households in the commune.' }),
    committed: int({ min: 0, max: 1_000_000, description: 'Households that signed.' }),
    rate: float({ select: 'r.committed::float8 / nullif(r.households, 0)', min: 0, max: 1, description: 'committed ÷ households, 0–1.' }),
  },
  check: (v) => (Number(v.committed) > Number(v.households) ? `committed (${v.committed}) cannot exceed households (${v.households}).` : undefined),
});

export const { createHouseholdCommitment, updateHouseholdCommitment } = householdCommitments.mutations;
export type HouseholdCommitment = InstanceType<typeof householdCommitments.node>;
