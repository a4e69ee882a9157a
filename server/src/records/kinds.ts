import { cameraSiteKind, CameraSiteResolver, cameraSiteWritable } from '../camera-sites/camera-site';
import { commendationKind, CommendationResolver, commendationWritable } from '../commendations/commendation';
import { covidTeams } from '../covid-teams/covid-team';
import { householdCommitmentKind, HouseholdCommitmentResolver, householdCommitmentWritable } from '../household-commitments/household-commitment';
import { incidentKind, IncidentResolver, incidentWritable } from '../incidents/incident';
import { outreachActivityKind, OutreachActivityResolver, outreachActivityWritable } from '../outreach/outreach-activity';
import { reportMailboxKind, ReportMailboxResolver, reportMailboxWritable } from '../report-mailboxes/report-mailbox';
import { seizureKind, SeizureResolver, seizureWritable } from '../seizures/seizure';
import { securityModelKind, SecurityModelResolver, securityModelWritable } from '../security-models/security-model';
import { valuableTipKind, ValuableTipResolver, valuableTipWritable } from '../tips/valuable-tip';
import { communityEducationCaseKind, CommunityEducationCaseResolver, communityEducationCaseWritable } from '../rehabilitation/community-education-case';
import type { AnyRecordKind } from './record';
import { recordWrites, type RecordWriter, type Writable } from './record.writes';
import { columnOf } from './fields';

/** Every record type the API lists, with its resolver. */
export const recordKinds: AnyRecordKind[] = [
  securityModelKind, cameraSiteKind, reportMailboxKind, covidTeams.kind, outreachActivityKind, valuableTipKind, incidentKind,
  seizureKind, commendationKind, householdCommitmentKind, communityEducationCaseKind,
];

/** The kind of record kept in a table. */
export const kindOf = (table: string): AnyRecordKind => recordKinds.find((k) => k.table === table)!;

export const recordResolvers = [
  SecurityModelResolver, CameraSiteResolver, ReportMailboxResolver, ...covidTeams.resolvers, OutreachActivityResolver, ValuableTipResolver,
  IncidentResolver, SeizureResolver, CommendationResolver, HouseholdCommitmentResolver, CommunityEducationCaseResolver,
] as const;

/** create/update/close mutations of every record type officers write. */
const writable: [AnyRecordKind, Writable][] = [
  [securityModelKind, securityModelWritable], [cameraSiteKind, cameraSiteWritable], [reportMailboxKind, reportMailboxWritable],
  [outreachActivityKind, outreachActivityWritable], [valuableTipKind, valuableTipWritable],
  [incidentKind, incidentWritable], [seizureKind, seizureWritable], [householdCommitmentKind, householdCommitmentWritable],
  [commendationKind, commendationWritable], [communityEducationCaseKind, communityEducationCaseWritable],
];
// Declared types as the import reads them until every type is declared.
const declared = [covidTeams].map((t): RecordWriter => ({
  kind: t.kind, resolver: Object, checkedNew: undefined as never, checkNew: t.writer!.checkNew, insert: t.writer!.insert,
  writable: { fields: Object.fromEntries(t.writer!.createFields.map(([name, f]) => [name, { ...f, column: columnOf(name, f) } as never])), start: () => '', startField: '', location: t.writer!.location },
}));
export const recordWriters = [...writable.map(([kind, spec]) => recordWrites(kind, spec)), ...declared];
export const recordWriteResolvers = recordWriters.filter((w) => w.resolver !== Object).map((w) => w.resolver);
