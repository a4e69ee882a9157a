import { date, int, text } from '../records/fields';
import { defineRecordType } from '../records/define';

export const covidTeams = defineRecordType({
  typeName: 'CovidTeam',
  queryName: 'covidTeams',
  table: 'covid_team',
  description: 'A community COVID-19 team (tổ Covid-19 cộng đồng).',
  listDescription: 'Community COVID-19 teams; with from/to, those active at some time in the period.',
  filterDescription: 'Which community COVID-19 teams to list.',
  period: { from: 'formedOn', to: 'disbandedOn' },
  search: 'name',
  fields: {
    name: text({ max: 300, description: 'The team’s name.' }),
    members: int({ min: 1, max: 1000, description: 'How many people it has.' }),
    formedOn: date({ description: 'The day it was formed.' }),
    disbandedOn: date({ nullable: true, description: 'Null while active.' }),
  },
});

export const { createCovidTeam, updateCovidTeam, closeCovidTeam } = covidTeams.mutations;
export type CovidTeam = InstanceType<typeof covidTeams.node>;
