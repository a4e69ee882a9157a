import { OutreachKind } from '@anbinh/shared';
import { date, enumOf, int, text } from '../records/fields';
import { defineRecordType } from '../records/define';

export const outreachActivities = defineRecordType({
  typeName: 'OutreachActivity',
  queryName: 'outreachActivities',
  table: 'outreach_activity',
  description: 'Outreach (tuyên truyền): a session with its attendance, or a batch of posters, leaflets or media reports.',
  listDescription: 'Outreach sessions, posters and banners, leaflets and media reports.',
  filterDescription: 'Which outreach activities to list; `search` matches the topic.',
  period: { on: 'heldOn' },
  search: 'topic',
  fields: {
    kind: enumOf(OutreachKind, {
      description: 'Session, posters and banners, leaflets or media reports.',
      filter: { name: 'kinds', description: 'Only these kinds.' },
    }),
    heldOn: date({ description: 'The day it took place or was issued.' }),
    quantity: int({ min: 1, max: 1_000_000, default: 1, description: '1 for a session; otherwise how many posters, leaflets or reports.' }),
    attendance: int({ min: 0, max: 1_000_000, nullable: true, description: 'People who attended a session.' }),
    topic: text({ max: 300, description: 'What it was about, e.g. “Luật Phòng, chống ma túy”.' }),
  },
  check: (v) =>
    v.attendance != null && v.kind !== OutreachKind.SESSION
      ? 'attendance is for sessions only; leave it out for posters, leaflets and media reports.'
      : undefined,
});

export const { createOutreachActivity, updateOutreachActivity } = outreachActivities.mutations;
export type OutreachActivity = InstanceType<typeof outreachActivities.node>;
