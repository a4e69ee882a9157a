import { Field, InputType, ObjectType, Resolver } from 'type-graphql';
import { TipChannel } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { RecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';

@ObjectType('ValuableTip', { implements: Node, description: 'A valuable tip (nguồn tin có giá trị) given to the police. Who gave it is never stored.' })
export class ValuableTip extends RecordNode {
  @Field(() => DateScalar, { description: 'The day it was received.' }) receivedOn!: string;
  @Field(() => TipChannel, { description: 'How it reached the police.' }) channel!: TipChannel;
}

@InputType('ValuableTipFilter', { description: 'Which valuable tips to list.' })
export class ValuableTipFilter extends RecordFilter {
  @Field(() => [TipChannel], { nullable: true, description: 'Only tips that came this way.' }) channels?: TipChannel[] | null;
}

export const ValuableTipConnection = ConnectionType('ValuableTip', ValuableTip);

export const valuableTipKind: RecordKind<ValuableTip, ValuableTipFilter> = {
  typeName: 'ValuableTip',
  queryName: 'valuableTips',
  description: 'Valuable tips received.',
  table: 'valuable_tip',
  node: ValuableTip,
  filter: ValuableTipFilter,
  columns: { receivedOn: 'r.received_on::text', channel: 'r.channel' },
  period: { on: 'r.received_on' },
  where: (f) => oneOf('channel', f.channels),
};

@Resolver(() => ValuableTip)
export class ValuableTipResolver extends recordResolver(valuableTipKind, ValuableTipConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const valuableTipWritable: Writable = {
  fields: {
    receivedOn: { type: 'date', column: 'received_on', description: 'The day it was received.' },
    channel: { type: 'enum', column: 'channel', enum: TipChannel, description: 'How it reached the police.' },
  },
  start: (v) => v.receivedOn as string,
  startField: 'receivedOn',
};
