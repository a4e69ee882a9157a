import { AdminUnit, AdminUnitAtom, GeoAtom, HeritageSite, LineageEvent } from './geography';
import {
  CameraSite,
  Commendation,
  CommunityEducationCase,
  CovidTeam,
  HouseholdCommitment,
  Incident,
  OutreachActivity,
  ReportMailbox,
  Seizure,
  SecurityModel,
  ValuableTip,
} from './movement';
import { Change, ChangeClock, ChangeHorizon } from './change';
import { Fact } from './fact';
import { AppUser, AuditEntry, TrustedDocument } from './access';
import { MapCell, RecordPiece } from './map';
import { PatrolRoute } from './patrol-route';

export * from './geography';
export * from './movement';
export * from './change';
export * from './fact';
export * from './access';
export * from './map';
export * from './patrol-route';

/** Every recorded-fact entity; each table gets the outbox trigger. */
export const factEntities = [
  SecurityModel,
  CameraSite,
  ReportMailbox,
  CovidTeam,
  OutreachActivity,
  ValuableTip,
  Incident,
  Seizure,
  CommunityEducationCase,
  Commendation,
  HouseholdCommitment,
  PatrolRoute,
] as const;

export const entities = [
  Fact,
  GeoAtom,
  AdminUnit,
  AdminUnitAtom,
  LineageEvent,
  HeritageSite,
  Change,
  ChangeHorizon,
  ChangeClock,
  AppUser,
  AuditEntry,
  TrustedDocument,
  MapCell,
  RecordPiece,
  ...factEntities,
];
