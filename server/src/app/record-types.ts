// Written by `pnpm --filter @anbinh/server schema:write` from the feature folders' defineRecordType declarations.
import { cameraSites } from '../camera-sites/camera-site';
import { commendations } from '../commendations/commendation';
import { covidTeams } from '../covid-teams/covid-team';
import { householdCommitments } from '../household-commitments/household-commitment';
import { incidents } from '../incidents/incident';
import { outreachActivities } from '../outreach/outreach-activity';
import { patrolRoutes } from '../patrol-routes/patrol-route';
import { communityEducationCases } from '../rehabilitation/community-education-case';
import { reportMailboxes } from '../report-mailboxes/report-mailbox';
import { securityModels } from '../security-models/security-model';
import { seizures } from '../seizures/seizure';
import { valuableTips } from '../tips/valuable-tip';

/** Every record type the hub serves. */
export const declaredRecordTypes = [cameraSites, commendations, covidTeams, householdCommitments, incidents, outreachActivities, patrolRoutes, communityEducationCases, reportMailboxes, securityModels, seizures, valuableTips];
