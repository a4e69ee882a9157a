import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { CameraSiteConnection, cameraSiteKind } from '../camera-sites/camera-site';
import { CommendationConnection, commendationKind } from '../commendations/commendation';
import { ReportMailboxConnection, reportMailboxKind } from '../report-mailboxes/report-mailbox';
import { SecurityModelConnection, securityModelKind } from '../security-models/security-model';
import { nestedRecords, type AnyRecordKind } from '../records/record';
import { AdminUnitNode } from './admin-unit.type';
import { argDocs } from '../graphql/arguments';

/** What lies in a unit's territory, whichever division it was recorded in: batched over every unit of a page. */
@Resolver(() => AdminUnitNode)
export class AdminUnitRecordsResolver {
  private records(kind: AnyRecordKind, unit: AdminUnitNode, ctx: Context, first: number, from?: string | null, to?: string | null) {
    return nestedRecords(ctx, kind, { byUnitTerritory: true }, unit.versionId, { first, from, to });
  }

  @FieldResolver(() => SecurityModelConnection, { description: 'Self-management models in its territory (operating at some time in from–to, if given).' })
  securityModels(@Root() unit: AdminUnitNode, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 20, description: argDocs.first }) first: number,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null, @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null) {
    return this.records(securityModelKind, unit, ctx, first, from, to);
  }

  @FieldResolver(() => CameraSiteConnection, { description: 'Camera-surveillance sites in its territory.' })
  cameraSites(@Root() unit: AdminUnitNode, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 20, description: argDocs.first }) first: number,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null, @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null) {
    return this.records(cameraSiteKind, unit, ctx, first, from, to);
  }

  @FieldResolver(() => ReportMailboxConnection, { description: 'Crime-report mailboxes in its territory.' })
  reportMailboxes(@Root() unit: AdminUnitNode, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 20, description: argDocs.first }) first: number,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null, @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null) {
    return this.records(reportMailboxKind, unit, ctx, first, from, to);
  }

  @FieldResolver(() => CommendationConnection, { description: 'Commendations awarded in its territory (newest first).' })
  commendations(@Root() unit: AdminUnitNode, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 20, description: argDocs.first }) first: number,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null, @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null) {
    return this.records(commendationKind, unit, ctx, first, from, to);
  }
}
