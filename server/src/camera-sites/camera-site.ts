import { date, int, reference, text } from '../records/fields';
import { defineRecordType } from '../records/define';

export const cameraSites = defineRecordType({
  typeName: 'CameraSite',
  queryName: 'cameraSites',
  table: 'camera_site',
  description: 'A camera-surveillance site of the model “Camera giám sát an ninh trật tự”.',
  listDescription: 'Camera-surveillance sites; with from/to, those in place at some time in the period.',
  filterDescription: 'Which camera-surveillance sites to list.',
  listedOnUnit: 'Camera-surveillance sites in its territory.',
  geometry: 'point',
  tiles: {
    id: 'cameras',
    label: { vi: 'Điểm camera giám sát', en: 'Camera sites' },
    description: 'Camera-surveillance sites (in place at some time in from–to, when given).',
  },
  period: { from: 'installedOn', to: 'removedOn' },
  search: 'name',
  fields: {
    name: text({ max: 300, description: 'What the camera watches, e.g. “Camera cổng chợ”.', inputDescription: 'What the cameras watch.' }),
    cameraCount: int({ min: 1, max: 100, default: 1, description: 'Cameras at the site.' }),
    installedOn: date({ description: 'The day it was installed.' }),
    removedOn: date({ nullable: true, description: 'Null while in place.' }),
    model: reference({
      to: 'SecurityModel',
      column: 'model_id',
      input: 'modelId',
      description: 'The self-management model the site belongs to.',
      inputDescription: 'The self-management model it belongs to, in the same unit.',
      filter: { name: 'modelIds', description: 'Only sites of these self-management models (global ids).' },
      listedAs: { field: 'cameraSites', description: 'Its camera-surveillance sites (first N, newest first).' },
    }),
  },
  mutations: {
    // Named when sites were the only records officers filed; kept so clients keep working.
    create: {
      name: 'recordCameraSite',
      input: 'RecordCameraSiteInput',
      argument: 'The site.',
      description:
        'Records a camera-surveillance site (officers in their units, admins anywhere), with its audit entry and change-feed row in one transaction.',
      inputDescription: 'A camera-surveillance site to record. Checked whole before anything is written.',
    },
  },
});

export const { recordCameraSite, updateCameraSite, closeCameraSite } = cameraSites.mutations;
export type CameraSite = InstanceType<typeof cameraSites.node>;
