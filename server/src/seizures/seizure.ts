import { Field, Float, InputType, ObjectType, Resolver } from 'type-graphql';
import { MeasureUnit, SeizureItem } from '@anbinh/shared';
import { Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { RecordFilter } from '../records/record.inputs';
import { RecordNode, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { oneOf } from '../records/enum-filter';

@ObjectType('Seizure', { implements: Node, description: 'Weapons, explosives or firecrackers seized (thu hồi).' })
export class Seizure extends RecordNode {
  @Field(() => DateScalar, { description: 'The day of the seizure.' }) seizedOn!: string;
  @Field(() => SeizureItem, { description: 'What was seized.' }) item!: SeizureItem;
  @Field(() => Float, { description: 'How much, in `measure` units.' }) quantity!: number;
  @Field(() => MeasureUnit, { description: 'What the quantity counts: pieces, rounds or kilograms.' }) measure!: MeasureUnit;
}

@InputType('SeizureFilter', { description: 'Which seizures to list.' })
export class SeizureFilter extends RecordFilter {
  @Field(() => [SeizureItem], { nullable: true, description: 'Only these items.' }) items?: SeizureItem[] | null;
}

export const SeizureConnection = ConnectionType('Seizure', Seizure);

export const seizureKind: RecordKind<Seizure, SeizureFilter> = {
  typeName: 'Seizure',
  queryName: 'seizures',
  description: 'Seizures of weapons, explosives and firecrackers.',
  table: 'seizure',
  node: Seizure,
  filter: SeizureFilter,
  columns: { seizedOn: 'r.seized_on::text', item: 'r.item', quantity: 'r.quantity::float8', measure: 'r.measure' },
  period: { on: 'r.seized_on' },
  where: (f) => oneOf('item', f.items),
};

@Resolver(() => Seizure)
export class SeizureResolver extends recordResolver(seizureKind, SeizureConnection) {}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const seizureWritable: Writable = {
  fields: {
    seizedOn: { type: 'date', column: 'seized_on', description: 'The day of the seizure.' },
    item: { type: 'enum', column: 'item', enum: SeizureItem, description: 'What was seized.' },
    quantity: { type: 'float', column: 'quantity', min: 0.001, max: 999_999_999, description: 'How much, in `measure` units.' },
    measure: { type: 'enum', column: 'measure', enum: MeasureUnit, description: 'What the quantity counts: pieces, rounds or kilograms.' },
  },
  start: (v) => v.seizedOn as string,
  startField: 'seizedOn',
};
