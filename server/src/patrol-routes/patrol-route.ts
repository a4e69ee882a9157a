import { registerEnumType } from 'type-graphql';
import { PatrolSchedule } from '@anbinh/db';
import { metric } from '@anbinh/shared';
import { date, enumList, reference, text } from '../records/fields';
import { defineRecordType } from '../records/define';

registerEnumType(PatrolSchedule, {
  name: 'PatrolSchedule',
  description: 'When patrols walk a route.',
  valuesConfig: {
    NIGHTLY: { description: 'Every night (hằng đêm).' },
    DAILY: { description: 'Every day (hằng ngày).' },
    WEEKENDS: { description: 'At weekends (cuối tuần).' },
    HOLIDAYS: { description: 'On holidays and at Tết (ngày lễ, Tết).' },
    EVENTS: { description: 'During local events and festivals (khi có sự kiện, lễ hội).' },
  },
});

export const patrolRoutes = defineRecordType({
  typeName: 'PatrolRoute',
  queryName: 'patrolRoutes',
  table: 'patrol_route',
  noun: 'patrol route',
  description:
    'A patrol route (tuyến tuần tra) of a self-management model or of a commune’s police: the course patrols follow, and when. It may cross communes, and counts in each by its length inside it.',
  listDescription: 'Patrol routes; with from/to, those in use at some time in the period.',
  filterDescription: 'Which patrol routes to list.',
  listedOnUnit: 'Patrol routes that pass through its territory (in use at some time in from–to, if given).',
  geometry: 'line',
  tiles: {
    id: 'patrols',
    label: { vi: 'Tuyến tuần tra', en: 'Patrol routes' },
    description: 'Patrol routes as lines (in use at some time in from–to, when given), with their length in km.',
  },
  period: { from: 'startedOn', to: 'endedOn' },
  search: 'name',
  fields: {
    name: text({ max: 300, description: 'The route’s name, e.g. “Tuyến tuần tra đê sông Trà Lý”.' }),
    schedule: enumList(PatrolSchedule, { pgType: 'patrol_schedule', description: 'When patrols walk it.' }),
    startedOn: date({ description: 'The day patrols began on it.' }),
    endedOn: date({ nullable: true, description: 'Null while in use.' }),
    model: reference({
      to: 'SecurityModel',
      column: 'model_id',
      input: 'modelId',
      description: 'The self-management model that patrols it; null for a route of the commune’s police.',
      inputDescription: 'The self-management model that patrols it, in the same unit; left out for a route of the commune’s police.',
      filter: { name: 'modelIds', description: 'Only routes of these self-management models (global ids).' },
      listedAs: { field: 'patrolRoutes', description: 'Its patrol routes (first N, newest first).' },
    }),
  },
  measures: {
    patrolRoutes: { value: 'count' },
    patrolKm: { value: 'kilometres' },
  },
  metrics: [
    metric(
      'patrolKm',
      { vi: 'Chiều dài tuyến tuần tra', en: 'Patrol route length' },
      { vi: 'km', en: 'km' },
      { kind: 'measure', measure: 'patrolKm' },
      'Tổng chiều dài (km) các tuyến tuần tra sử dụng vào một thời điểm nào đó trong kỳ, tính phần nằm trong đơn vị.',
      'Total length (km) of the patrol routes in use at some time in the period, counting the stretch inside the unit.',
    ),
    metric(
      'patrolKmPerKm2',
      { vi: 'Mật độ tuyến tuần tra', en: 'Patrol routes per km²' },
      { vi: 'km trên km²', en: 'km per km²' },
      { kind: 'density', measure: 'patrolKm' },
      'Chiều dài tuyến tuần tra (km) trong đơn vị chia cho diện tích của đơn vị (km²).',
      'Kilometres of patrol route inside the unit in the period, divided by the unit’s area in km².',
    ),
  ],
});

export const { createPatrolRoute, updatePatrolRoute, closePatrolRoute } = patrolRoutes.mutations;
export type PatrolRoute = InstanceType<typeof patrolRoutes.node>;
