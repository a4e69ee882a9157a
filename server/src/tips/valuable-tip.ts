import { TipChannel } from '@anbinh/shared';
import { date, enumOf } from '../records/fields';
import { defineRecordType } from '../records/define';

export const valuableTips = defineRecordType({
  typeName: 'ValuableTip',
  queryName: 'valuableTips',
  table: 'valuable_tip',
  description: 'A valuable tip (nguồn tin có giá trị) given to the police. Who gave it is never stored.',
  listDescription: 'Valuable tips received.',
  filterDescription: 'Which valuable tips to list.',
  period: { on: 'receivedOn' },
  fields: {
    receivedOn: date({ description: 'The day it was received.' }),
    channel: enumOf(TipChannel, { description: 'How it reached the police.', filter: { name: 'channels', description: 'Only tips that came this way.' } }),
  },
});

export const { createValuableTip, updateValuableTip } = valuableTips.mutations;
export type ValuableTip = InstanceType<typeof valuableTips.node>;
