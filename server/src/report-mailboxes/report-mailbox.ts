import { Field, InputType, ObjectType, Resolver } from 'type-graphql';
import { MailboxHost } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { LocatedRecordFilter } from '../records/record.inputs';
import { LocatedRecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';

@ObjectType('ReportMailbox', { implements: Node, description: 'A crime-report mailbox (hòm thư tố giác tội phạm).' })
export class ReportMailbox extends LocatedRecordNode {
  @Field(() => MailboxHost, { description: 'Where it hangs.' }) host!: MailboxHost;
  @Field(() => DateScalar, { description: 'The day it was put up.' }) installedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Null while in place.' }) removedOn!: string | null;
}

@InputType('ReportMailboxFilter', { description: 'Which crime-report mailboxes to list.' })
export class ReportMailboxFilter extends LocatedRecordFilter {
  @Field(() => [MailboxHost], { nullable: true, description: 'Only mailboxes hanging here.' }) hosts?: MailboxHost[] | null;
}

export const ReportMailboxConnection = ConnectionType('ReportMailbox', ReportMailbox);

export const reportMailboxKind: RecordKind<ReportMailbox, ReportMailboxFilter> = {
  typeName: 'ReportMailbox',
  queryName: 'reportMailboxes',
  description: 'Crime-report mailboxes; with from/to, those in place at some time in the period.',
  table: 'report_mailbox',
  node: ReportMailbox,
  filter: ReportMailboxFilter,
  columns: { host: 'r.host', installedOn: 'r.installed_on::text', removedOn: 'r.removed_on::text' },
  period: { from: 'r.installed_on', to: 'r.removed_on' },
  located: true,
  where: (f) => oneOf('host', f.hosts),
};

@Resolver(() => ReportMailbox)
export class ReportMailboxResolver extends recordResolver(reportMailboxKind, ReportMailboxConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const reportMailboxWritable: Writable = {
  fields: {
    host: { type: 'enum', column: 'host', enum: MailboxHost, description: 'Where it hangs.' },
    installedOn: { type: 'date', column: 'installed_on', description: 'The day it was put up.' },
  },
  start: (v) => v.installedOn as string,
  startField: 'installedOn',
  end: { field: 'removedOn', column: 'removed_on' },
  location: 'point',
};
