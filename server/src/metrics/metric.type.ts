import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AdminUnitNode } from '../geography/admin-unit.type';

@ObjectType('Metric', { description: 'A metric of the catalogue: what a choropleth, table or export can show for any unit and period.' })
export class MetricType {
  @Field(() => String, { description: 'Pass it to metricValues(metric:).' }) id!: string;
  @Field(() => String, { description: 'Vietnamese label.' }) label!: string;
  @Field(() => String, { description: 'English label.' }) labelEn!: string;
  @Field(() => String, { description: 'Vietnamese unit, e.g. “mô hình”, “trên km²”.' }) unit!: string;
  @Field(() => String, { description: 'English unit.' }) unitEn!: string;
  @Field(() => String, { description: 'How it is computed, e.g. "peopleProgressed ÷ peopleUnderCommunityEducation".' }) formula!: string;
  @Field(() => String, { description: 'What is counted, in one sentence.' }) description!: string;
}

@ObjectType('MetricValue', { description: 'The value of a metric for one unit and period.' })
export class MetricValue {
  @Field(() => AdminUnitNode, { description: 'The unit the value is for.' }) unit!: AdminUnitNode;
  @Field(() => Float, { nullable: true, description: 'Null when a ratio has nothing to divide by.' }) value!: number | null;
}

export enum GroupBy {
  UNIT = 'UNIT',
  YEAR = 'YEAR',
  MONTH = 'MONTH',
  KIND = 'KIND',
}
registerEnumType(GroupBy, {
  name: 'GroupBy',
  description: 'What an aggregate is grouped by.',
  valuesConfig: {
    UNIT: { description: 'Each unit of `level` in force on `asOf`.' },
    YEAR: { description: 'Calendar year of the record’s date (for spans, the day it began).' },
    MONTH: { description: 'Month 1–12 of that date.' },
    KIND: { description: 'The record’s kind: model kind, mailbox host, commendation form, tip channel, incident category, commitment topic.' },
  },
});

@ObjectType('AggregateRow', { description: 'One group of an aggregate; the grouping fields not asked for are null.' })
export class AggregateRow {
  unitId?: number;
  @Field(() => Int, { nullable: true, description: 'The year (with YEAR).' }) year!: number | null;
  @Field(() => Int, { nullable: true, description: 'The month 1–12 (with MONTH).' }) month!: number | null;
  @Field(() => String, { nullable: true, description: 'The kind (with KIND).' }) kind!: string | null;
  @Field(() => Float, { nullable: true, description: 'The count or sum; null for the public when it counts 1 or 2 people under community education.' }) value!: number | null;
}
