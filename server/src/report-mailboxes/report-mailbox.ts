import { MailboxHost } from '@anbinh/shared';
import { date, enumOf } from '../records/fields';
import { defineRecordType } from '../records/define';

export const reportMailboxes = defineRecordType({
  typeName: 'ReportMailbox',
  queryName: 'reportMailboxes',
  table: 'report_mailbox',
  description: 'A crime-report mailbox (hòm thư tố giác tội phạm).',
  listDescription: 'Crime-report mailboxes; with from/to, those in place at some time in the period.',
  filterDescription: 'Which crime-report mailboxes to list.',
  listedOnUnit: 'Crime-report mailboxes in its territory.',
  geometry: 'point',
  tiles: {
    id: 'mailboxes',
    label: { vi: 'Hòm thư tố giác tội phạm', en: 'Crime-report mailboxes' },
    description: 'Crime-report mailboxes (in place at some time in from–to, when given).',
  },
  period: { from: 'installedOn', to: 'removedOn' },
  fields: {
    host: enumOf(MailboxHost, { description: 'Where it hangs.', filter: { name: 'hosts', description: 'Only mailboxes hanging here.' } }),
    installedOn: date({ description: 'The day it was put up.' }),
    removedOn: date({ nullable: true, description: 'Null while in place.' }),
  },
});

export const { createReportMailbox, updateReportMailbox, closeReportMailbox } = reportMailboxes.mutations;
export type ReportMailbox = InstanceType<typeof reportMailboxes.node>;
