import { MeasureUnit, SeizureItem } from '@anbinh/shared';
import { date, enumOf, float } from '../records/fields';
import { defineRecordType } from '../records/define';

export const seizures = defineRecordType({
  typeName: 'Seizure',
  queryName: 'seizures',
  table: 'seizure',
  description: 'Weapons, explosives or firecrackers seized (thu hồi).',
  listDescription: 'Seizures of weapons, explosives and firecrackers.',
  filterDescription: 'Which seizures to list.',
  period: { on: 'seizedOn' },
  fields: {
    seizedOn: date({ description: 'The day of the seizure.' }),
    item: enumOf(SeizureItem, { description: 'What was seized.', filter: { name: 'items', description: 'Only these items.' } }),
    quantity: float({ min: 0.001, max: 999_999_999, description: 'How much, in `measure` units.' }),
    measure: enumOf(MeasureUnit, { description: 'What the quantity counts: pieces, rounds or kilograms.' }),
  },
});

export const { createSeizure, updateSeizure } = seizures.mutations;
export type Seizure = InstanceType<typeof seizures.node>;
