import { Field, Float, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, GeoJSONScalar } from '../graphql/scalars';

export enum RecordOrder {
  DATE_DESC = 'DATE_DESC',
  DATE_ASC = 'DATE_ASC',
  NAME_ASC = 'NAME_ASC',
  ID_ASC = 'ID_ASC',
  DISTANCE_ASC = 'DISTANCE_ASC',
}
registerEnumType(RecordOrder, {
  name: 'RecordOrder',
  description: 'How a collection is ordered; ties are always broken by id, so pages are stable.',
  valuesConfig: {
    DATE_DESC: { description: 'Newest first by the record’s date (the default).' },
    DATE_ASC: { description: 'Oldest first.' },
    NAME_ASC: { description: 'By name (records that have one).' },
    ID_ASC: { description: 'In the order recorded.' },
    DISTANCE_ASC: { description: 'Nearest first to `filter.near` (required).' },
  },
});

@InputType('Near', { description: 'A point and, optionally, a radius: distances are geodesic, in metres.' })
export class NearInput {
  @Field(() => Float, { description: 'Longitude, −180…180 (GeoJSON order: longitude first).' })
  longitude!: number;

  @Field(() => Float, { description: 'Latitude, −90…90.' })
  latitude!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Keep only records within this many metres. Without it, `near` only gives distances and DISTANCE_ASC order (the nearest N).',
  })
  withinMetres?: number | null;
}

@InputType()
export class RecordFilter {
  @Field(() => String, {
    nullable: true,
    description: 'GSO code of a unit at any level: records inside its territory, descendants included, whichever division they were recorded in.',
  })
  unitCode?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Which version of `unitCode` to read: the one in force on this date. Default: the latest version in force during [from, to].',
  })
  asOf?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day of the period (inclusive). Records that span time count if active at some time in the period.',
  })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the period (inclusive).' })
  to?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only generated sample records (true) or only recorded ones (false).' })
  sample?: boolean | null;
}

@InputType()
export class NamedRecordFilter extends RecordFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Words the name contains at a word start, folding case and diacritics ("camera cho" finds “Camera cổng chợ”).',
  })
  search?: string | null;
}

@InputType()
export class LocatedRecordFilter extends NamedRecordFilter {
  @Field(() => NearInput, { nullable: true, description: 'Distances to a point (and, with withinMetres, only records that near); enables DISTANCE_ASC.' })
  near?: NearInput | null;

  @Field(() => [Float], { nullable: true, description: 'A box [west, south, east, north] in degrees.' })
  bbox?: number[] | null;

  @Field(() => GeoJSONScalar, { nullable: true, description: 'Records whose location intersects this GeoJSON geometry (lon/lat).' })
  intersects?: object | null;

  @Field(() => GeoJSONScalar, { nullable: true, description: 'Records whose location lies within this GeoJSON geometry (lon/lat).' })
  within?: object | null;
}
