import { cameraSiteKind, CameraSiteResolver } from '../camera-sites/camera-site';
import { commendationKind, CommendationResolver } from '../commendations/commendation';
import { covidTeamKind, CovidTeamResolver } from '../covid-teams/covid-team';
import { householdCommitmentKind, HouseholdCommitmentResolver } from '../household-commitments/household-commitment';
import { incidentKind, IncidentResolver } from '../incidents/incident';
import { outreachActivityKind, OutreachActivityResolver } from '../outreach/outreach-activity';
import { reportMailboxKind, ReportMailboxResolver } from '../report-mailboxes/report-mailbox';
import { seizureKind, SeizureResolver } from '../seizures/seizure';
import { securityModelKind, SecurityModelResolver } from '../security-models/security-model';
import { valuableTipKind, ValuableTipResolver } from '../tips/valuable-tip';
import { communityEducationCaseKind, CommunityEducationCaseResolver } from '../rehabilitation/community-education-case';
import type { AnyRecordKind } from './record';

/** Every record type the API lists, with its resolver. */
export const recordKinds: AnyRecordKind[] = [
  securityModelKind, cameraSiteKind, reportMailboxKind, covidTeamKind, outreachActivityKind, valuableTipKind, incidentKind,
  seizureKind, commendationKind, householdCommitmentKind, communityEducationCaseKind,
];

export const recordResolvers = [
  SecurityModelResolver, CameraSiteResolver, ReportMailboxResolver, CovidTeamResolver, OutreachActivityResolver, ValuableTipResolver,
  IncidentResolver, SeizureResolver, CommendationResolver, HouseholdCommitmentResolver, CommunityEducationCaseResolver,
] as const;
