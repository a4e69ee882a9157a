import { cameraSiteKind, CameraSiteResolver, cameraSiteWritable } from '../camera-sites/camera-site';
import { commendationKind, CommendationResolver, commendationWritable } from '../commendations/commendation';
import { covidTeamKind, CovidTeamResolver, covidTeamWritable } from '../covid-teams/covid-team';
import { householdCommitmentKind, HouseholdCommitmentResolver, householdCommitmentWritable } from '../household-commitments/household-commitment';
import { incidentKind, IncidentResolver, incidentWritable } from '../incidents/incident';
import { outreachActivityKind, OutreachActivityResolver, outreachActivityWritable } from '../outreach/outreach-activity';
import { reportMailboxKind, ReportMailboxResolver, reportMailboxWritable } from '../report-mailboxes/report-mailbox';
import { seizureKind, SeizureResolver, seizureWritable } from '../seizures/seizure';
import { securityModelKind, SecurityModelResolver, securityModelWritable } from '../security-models/security-model';
import { valuableTipKind, ValuableTipResolver, valuableTipWritable } from '../tips/valuable-tip';
import { communityEducationCaseKind, CommunityEducationCaseResolver, communityEducationCaseWritable } from '../rehabilitation/community-education-case';
import type { AnyRecordKind } from '../records/record';
import { recordWrites, type Writable } from '../records/record.writes';
import { registerRecordTypes } from '../records/catalogue';

/** Every record type the API lists, with its resolver. */
const recordKinds: AnyRecordKind[] = [
  securityModelKind, cameraSiteKind, reportMailboxKind, covidTeamKind, outreachActivityKind, valuableTipKind, incidentKind,
  seizureKind, commendationKind, householdCommitmentKind, communityEducationCaseKind,
];

export const recordResolvers = [
  SecurityModelResolver, CameraSiteResolver, ReportMailboxResolver, CovidTeamResolver, OutreachActivityResolver, ValuableTipResolver,
  IncidentResolver, SeizureResolver, CommendationResolver, HouseholdCommitmentResolver, CommunityEducationCaseResolver,
] as const;

/** create/update/close mutations of every record type officers write. */
const writable: [AnyRecordKind, Writable][] = [
  [securityModelKind, securityModelWritable], [cameraSiteKind, cameraSiteWritable], [reportMailboxKind, reportMailboxWritable],
  [covidTeamKind, covidTeamWritable], [outreachActivityKind, outreachActivityWritable], [valuableTipKind, valuableTipWritable],
  [incidentKind, incidentWritable], [seizureKind, seizureWritable], [householdCommitmentKind, householdCommitmentWritable],
  [commendationKind, commendationWritable], [communityEducationCaseKind, communityEducationCaseWritable],
];
const recordWriters = writable.map(([kind, spec]) => recordWrites(kind, spec));
export const recordWriteResolvers = recordWriters.map((w) => w.resolver);

registerRecordTypes(recordKinds, recordWriters);
