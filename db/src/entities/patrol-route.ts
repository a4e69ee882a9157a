import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import type { Geometry } from '@anbinh/shared';
import { Fact } from './fact';
import { GeometryType } from '../geometry';
import { SecurityModel } from './movement';

/** When patrols walk a route. */
export enum PatrolSchedule {
  NIGHTLY = 'NIGHTLY',
  DAILY = 'DAILY',
  WEEKENDS = 'WEEKENDS',
  HOLIDAYS = 'HOLIDAYS',
  EVENTS = 'EVENTS',
}

/** A patrol route (tuyến tuần tra) of a self-management model or a commune's police: a line that may cross communes. */
@Entity()
@Index({ properties: ['startedOn', 'id'] })
@Index({ name: 'patrol_route_name_c_id_index', expression: 'create index "patrol_route_name_c_id_index" on "patrol_route" ("name" collate "C", "id")' })
export class PatrolRoute extends Fact {
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Enum({ items: () => PatrolSchedule, array: true, nativeEnumName: 'patrol_schedule' })
  schedule: PatrolSchedule[] = [];

  @ManyToOne(() => SecurityModel, { nullable: true })
  @Index()
  model?: SecurityModel | null;

  @Property({ type: 'date' })
  startedOn!: string;

  @Property({ type: 'date', nullable: true })
  endedOn?: string | null;

  @Property({ type: new GeometryType('Geometry'), ignoreSchemaChanges: ['type'] })
  @Index({ name: 'patrol_route_location_gist', expression: 'create index "patrol_route_location_gist" on "patrol_route" using gist ("location")' })
  location!: Geometry;
}
