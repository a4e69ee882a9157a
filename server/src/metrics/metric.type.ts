import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MetricKind } from '@anbinh/shared';
import { AdminUnitNode } from '../geography/admin-unit.type';

registerEnumType(MetricKind, {
  name: 'MetricKind',
  description: 'What kind of number a metric is.',
  valuesConfig: {
    COUNT: { description: 'A count or sum of records (whole numbers).' },
    RATE: { description: 'A share between 0 and 1: one measure divided by another.' },
    DENSITY: { description: 'A measure per km² of the unit’s territory.' },
  },
});

/** Whether a value is given, and when not, why. */
export enum ValueStatus {
  PUBLISHED = 'PUBLISHED',
  WITHHELD = 'WITHHELD',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(ValueStatus, {
  name: 'ValueStatus',
  description: 'Whether a metric value is given, and when not, why.',
  valuesConfig: {
    PUBLISHED: { description: 'The value is given.' },
    WITHHELD: {
      description:
        'Withheld to protect people under community education: below officer level their figures are published for whole calendar years on that year’s map, and not where a count is 1 or 2 or could be worked out from other published figures (docs/privacy.md).',
    },
    NOT_APPLICABLE: { description: 'There is nothing to compute: a rate with nothing to divide by, or a density for a unit without an area.' },
  },
});

@ObjectType('Metric', { description: 'A metric of the catalogue: what a choropleth, table or export can show for any unit and period.' })
export class MetricType {
  @Field(() => String, { description: 'Pass it to metricValues(metric:).' }) id!: string;
  @Field(() => String, { description: 'Vietnamese label.' }) label!: string;
  @Field(() => String, { description: 'English label.' }) labelEn!: string;
  @Field(() => String, { description: 'Vietnamese unit, e.g. “mô hình”, “trên km²”.' }) unit!: string;
  @Field(() => String, { description: 'English unit.' }) unitEn!: string;
  @Field(() => MetricKind, { description: 'Count, rate (a share 0–1) or density (per km²).' }) kind!: MetricKind;
  @Field(() => String, { description: 'How it is computed from measures, e.g. "peopleProgressed ÷ peopleInCommunityEducation".' }) formula!: string;
  @Field(() => String, { description: 'How it is computed, one sentence in Vietnamese (“Cách tính”).' }) definition!: string;
  @Field(() => String, { description: 'How it is computed, one sentence in English.' }) definitionEn!: string;
  @Field(() => String, { description: 'How it is computed, in English.', deprecationReason: 'Use definitionEn (or definition, in Vietnamese).' })
  description!: string;
}

@ObjectType('MetricValue', { description: 'The value of a metric for one unit and period.' })
export class MetricValue {
  @Field(() => AdminUnitNode, { description: 'The unit the value is for.' }) unit!: AdminUnitNode;
  @Field(() => Float, { nullable: true, description: 'The value; null unless status is PUBLISHED.' }) value!: number | null;
  @Field(() => ValueStatus, { description: 'PUBLISHED, or why there is no value: WITHHELD (small counts of people) or NOT_APPLICABLE (nothing to divide by).' })
  status!: ValueStatus;
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
  @Field(() => Float, {
    nullable: true,
    description: 'The count or sum; null when a figure of people under community education is withheld (docs/privacy.md).',
  })
  value!: number | null;
}
