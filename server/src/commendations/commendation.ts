import { CommendationForm, RecipientKind, UnitLevel } from '@anbinh/shared';
import { fieldError } from '../graphql/errors';
import { date, enumOf, reference, text } from '../records/fields';
import { defineRecordType } from '../records/define';
import type { ComputedDefault } from '../records/pipeline';

/** The body that gives a form, on the date (the province became Hưng Yên on 2025-07-01; districts ended then). */
const awardingBodyOf: ComputedDefault = ({ ctx, values, unit }) => {
  const on = values.awardedOn as string;
  const province = ctx.gazetteer.forPeriod(undefined, { asOf: on }).name.replace(/^Tỉnh /, '');
  switch (values.form) {
    case CommendationForm.MINISTRY_CERTIFICATE:
      return 'Bộ Công an';
    case CommendationForm.PROVINCE_CERTIFICATE:
      return `UBND tỉnh ${province}`;
    case CommendationForm.DISTRICT_CERTIFICATE: {
      const district = unit.level === UnitLevel.DISTRICT ? unit : unit.parentCode ? ctx.gazetteer.at(unit.parentCode, on) : null;
      if (!district || district.level !== UnitLevel.DISTRICT)
        throw fieldError('awardingBody', 'REQUIRED', `A district certificate needs a district: ${unit.name} had none on ${on}. Give awardingBody.`);
      return `UBND ${district.name.replace(/^(Huyện|Thành phố|Thị xã)/, (k) => k.toLowerCase())}`;
    }
    default:
      return `Công an tỉnh ${province}`;
  }
};

export const commendations = defineRecordType({
  typeName: 'Commendation',
  queryName: 'commendations',
  table: 'commendation',
  description: 'A commendation (khen thưởng) of a collective or an individual for the movement’s work.',
  listDescription: 'Commendations awarded.',
  filterDescription: 'Which commendations to list; `search` matches the recipient’s name.',
  listedOnUnit: 'Commendations awarded in its territory (newest first).',
  period: { on: 'awardedOn' },
  search: 'recipientName',
  fields: {
    recipientKind: enumOf(RecipientKind, {
      description: 'Collective or individual.',
      filter: { name: 'recipientKinds', description: 'Only collectives, or only individuals.' },
    }),
    recipientName: text({ max: 300, description: 'The collective or person commended.' }),
    awardingBody: text({
      max: 200,
      description: 'Who awarded it, e.g. “Công an tỉnh Thái Bình”.',
      default: awardingBodyOf,
      defaultDescription: 'the body that gives this form on that day',
    }),
    form: enumOf(CommendationForm, { description: 'The form of commendation.', filter: { name: 'forms', description: 'Only these forms.' } }),
    awardedOn: date({ description: 'The day it was awarded.' }),
    reason: text({ max: 2000, description: 'What it was awarded for.' }),
    model: reference({
      to: 'SecurityModel',
      column: 'model_id',
      input: 'modelId',
      description: 'The self-management model commended, if any.',
      inputDescription: 'The self-management model commended, if any: it must lie in the unit.',
      listedAs: { field: 'commendations', description: 'Commendations given for its work (first N, newest first).' },
    }),
  },
  mutations: {
    create: {
      name: 'awardCommendation',
      input: 'AwardCommendationInput',
      argument: 'The commendation.',
      description: 'Records a commendation (officers in their units, admins anywhere). The write, its audit entry and its change-feed row commit together.',
      inputDescription: 'A commendation to record. Checked whole before anything is written.',
    },
  },
});

export const { awardCommendation, updateCommendation } = commendations.mutations;
export type Commendation = InstanceType<typeof commendations.node>;
