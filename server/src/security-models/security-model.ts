import { ModelHost, ModelKind, Organisation } from '@anbinh/shared';
import { boolean, date, enumList, enumOf, text } from '../records/fields';
import { defineRecordType } from '../records/define';

export const securityModels = defineRecordType({
  typeName: 'SecurityModel',
  queryName: 'securityModels',
  table: 'security_model',
  noun: 'self-management model',
  description: 'A self-management model (mô hình tự phòng, tự quản, tự bảo vệ) in a village, ward, agency, enterprise or school.',
  listDescription: 'Self-management models; with from/to, those operating at some time in the period.',
  filterDescription: 'Which self-management models to list.',
  listedOnUnit: 'Self-management models in its territory (operating at some time in from–to, if given).',
  geometry: 'geometry',
  tiles: {
    id: 'models',
    label: { vi: 'Mô hình tự quản', en: 'Self-management models' },
    description: 'Self-management models with a place, an area drawn at a point inside it (active at some time in from–to, when given).',
  },
  period: { from: 'establishedOn', to: 'dissolvedOn' },
  search: 'name',
  fields: {
    name: text({ max: 300, description: 'Its name (NFC).' }),
    kind: enumOf(ModelKind, { description: 'What the model does.', filter: { name: 'kinds', description: 'Only these kinds.' } }),
    host: enumOf(ModelHost, { description: 'Where it is rooted.', filter: { name: 'hosts', description: 'Only models rooted here.' } }),
    organisations: enumList(Organisation, { pgType: 'organisation', description: 'The police and Fatherland Front organisations that run it.' }),
    exemplary: boolean({
      default: false,
      description: 'Held up as an example (điển hình tiên tiến).',
      filter: { name: 'exemplary', description: 'Only exemplary models (true) or only the others (false).' },
    }),
    establishedOn: date({ description: 'The day it was set up.' }),
    dissolvedOn: date({ nullable: true, description: 'Null while it operates.' }),
  },
});

export const { createSecurityModel, updateSecurityModel, closeSecurityModel } = securityModels.mutations;
export type SecurityModel = InstanceType<typeof securityModels.node>;
