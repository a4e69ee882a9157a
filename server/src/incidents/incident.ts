import { IncidentCategory } from '@anbinh/shared';
import { boolean, date, enumOf } from '../records/fields';
import { defineRecordType } from '../records/define';

export const incidents = defineRecordType({
  typeName: 'Incident',
  queryName: 'incidents',
  table: 'incident',
  description: 'An incident or case (vụ việc) uncovered, often thanks to a tip.',
  listDescription: 'Incidents uncovered.',
  filterDescription: 'Which incidents to list.',
  period: { on: 'uncoveredOn' },
  fields: {
    uncoveredOn: date({ description: 'The day it was uncovered.' }),
    category: enumOf(IncidentCategory, { description: 'What it was about.', filter: { name: 'categories', description: 'Only these categories.' } }),
    fromTip: boolean({ select: 'r.tip_id is not null', description: 'Whether a valuable tip led to it.' }),
  },
});

export const { createIncident, updateIncident } = incidents.mutations;
export type Incident = InstanceType<typeof incidents.node>;
