import { Ctx, Field, FieldResolver, InputType, ObjectType, Resolver, Root } from 'type-graphql';
import { CommendationForm, RecipientKind } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { NamedRecordFilter } from '../records/record.inputs';
import { loadRecord, RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';
import { SecurityModel, securityModelKind } from '../security-models/security-model';

@ObjectType('Commendation', { implements: Node, description: 'A commendation (khen thưởng) of a collective or an individual for the movement’s work.' })
export class Commendation extends RecordNode {
  @Field(() => RecipientKind, { description: 'Collective or individual.' }) recipientKind!: RecipientKind;
  @Field(() => String, { description: 'The collective or person commended.' }) recipientName!: string;
  @Field(() => String, { description: 'Who awarded it, e.g. “Công an tỉnh Thái Bình”.' }) awardingBody!: string;
  @Field(() => CommendationForm, { description: 'The form of commendation.' }) form!: CommendationForm;
  @Field(() => DateScalar, { description: 'The day it was awarded.' }) awardedOn!: string;
  @Field(() => String, { description: 'What it was awarded for.' }) reason!: string;
  modelId!: number | null;
}

@InputType('CommendationFilter', { description: 'Which commendations to list; `search` matches the recipient’s name.' })
export class CommendationFilter extends NamedRecordFilter {
  @Field(() => [CommendationForm], { nullable: true, description: 'Only these forms.' }) forms?: CommendationForm[] | null;
  @Field(() => [RecipientKind], { nullable: true, description: 'Only collectives, or only individuals.' }) recipientKinds?: RecipientKind[] | null;
}

export const CommendationConnection = ConnectionType('Commendation', Commendation);

export const commendationKind: RecordKind<Commendation, CommendationFilter> = {
  typeName: 'Commendation',
  queryName: 'commendations',
  description: 'Commendations awarded.',
  table: 'commendation',
  node: Commendation,
  filter: CommendationFilter,
  columns: {
    recipientKind: 'r.recipient_kind', recipientName: 'r.recipient_name', awardingBody: 'r.awarding_body', form: 'r.form',
    awardedOn: 'r.awarded_on::text', reason: 'r.reason', modelId: 'r.model_id',
  },
  period: { on: 'r.awarded_on' },
  nameColumn: 'recipient_name',
  where: (f) => [...oneOf('form', f.forms), ...oneOf('recipient_kind', f.recipientKinds)],
};

@Resolver(() => Commendation)
export class CommendationResolver extends recordResolver(commendationKind, CommendationConnection) {
  @FieldResolver(() => SecurityModel, { nullable: true, description: 'The self-management model commended, if any.' })
  model(@Root() commendation: Commendation, @Ctx() ctx: Context) {
    return commendation.modelId === null ? null : loadRecord(ctx, securityModelKind, commendation.modelId);
  }
}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const commendationWritable: Writable = {
  fields: {
    recipientKind: { type: 'enum', column: 'recipient_kind', enum: RecipientKind, description: 'Collective or individual.' },
    recipientName: { type: 'text', column: 'recipient_name', max: 300, description: 'The collective or person commended.' },
    awardingBody: { type: 'text', column: 'awarding_body', max: 200, description: 'Who awarded it.' },
    form: { type: 'enum', column: 'form', enum: CommendationForm, description: 'The form of commendation.' },
    awardedOn: { type: 'date', column: 'awarded_on', description: 'The day it was awarded.' },
    reason: { type: 'text', column: 'reason', max: 2000, description: 'What it was awarded for.' },
  },
  start: (v) => v.awardedOn as string,
  startField: 'awardedOn',
  noCreate: true, // awardCommendation, which also finds the awarding body
};
