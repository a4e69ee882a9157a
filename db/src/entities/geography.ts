import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LineageEventKind, UnitKind, UnitLevel, type Geometry } from '@anbinh/shared';
import { GeometryType } from '../geometry';

/**
 * The finest piece of territory the hub knows: one 2008 commune polygon (or, for
 * Việt Hùng, one of the two parts it was split into in 2025). Every unit version
 * of every period is a union of atoms, and every fact lies in exactly one atom,
 * so facts roll along lineage by set membership rather than by polygon overlay.
 */
@Entity()
export class GeoAtom {
  @PrimaryKey({ type: 'string', length: 16 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: new GeometryType('MultiPolygon'), lazy: true, ignoreSchemaChanges: ['type'] })
  @Index({ name: 'geo_atom_geom_gist', expression: 'create index "geo_atom_geom_gist" on "geo_atom" using gist ("geom")' })
  geom!: Geometry;
}

/**
 * One version of an administrative unit: its name, parent and territory between
 * two dates. A GSO code can have several versions (renamed, grown by a merger).
 */
@Entity()
@Unique({ properties: ['code', 'validFrom'] })
@Index({ properties: ['validFrom', 'validTo'] })
export class AdminUnit {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 10 })
  code!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** The name folded for search (see foldVietnamese). */
  @Property({ type: 'string', length: 100 })
  @Index()
  nameFolded!: string;

  @Enum({ items: () => UnitLevel, nativeEnumName: 'unit_level' })
  level!: UnitLevel;

  @Enum({ items: () => UnitKind, nativeEnumName: 'unit_kind' })
  kind!: UnitKind;

  /** The parent's code; the parent version is the one in force on the same date. */
  @Property({ type: 'string', length: 10, nullable: true })
  parentCode?: string | null;

  @Property({ type: 'date' })
  validFrom!: string;

  /** Exclusive end; null while in force. */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Property({ type: 'double', nullable: true })
  areaKm2?: number | null;

  /** The atom a fact without a point is placed in: the one whose code the unit carries. */
  @ManyToOne(() => GeoAtom)
  seatAtom!: GeoAtom;

  @Property({ type: new GeometryType('MultiPolygon'), lazy: true, ignoreSchemaChanges: ['type'] })
  @Index({ name: 'admin_unit_geom_gist', expression: 'create index "admin_unit_geom_gist" on "admin_unit" using gist ("geom")' })
  geom!: Geometry;

  /** The same in Web Mercator (EPSG:3857), made by PostgreSQL, for vector tiles. */
  @Property({ type: new GeometryType('MultiPolygon'), lazy: true, ignoreSchemaChanges: ['type'], generated: '(ST_Transform(geom, 3857)) stored' })
  geomMercator?: Geometry;
}

/** Which atoms make up a unit version. */
@Entity()
export class AdminUnitAtom {
  @ManyToOne(() => AdminUnit, { primary: true, deleteRule: 'cascade' })
  unit!: AdminUnit;

  @ManyToOne(() => GeoAtom, { primary: true })
  @Index()
  atom!: GeoAtom;
}

/** A reorganisation step between unit versions, as the legal texts record it. */
@Entity()
@Index({ properties: ['fromCode', 'eventDate'] })
@Index({ properties: ['toCode', 'eventDate'] })
export class LineageEvent {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'date' })
  eventDate!: string;

  @Enum({ items: () => LineageEventKind, nativeEnumName: 'lineage_event_kind' })
  kind!: LineageEventKind;

  @Property({ type: 'string', length: 10 })
  fromCode!: string;

  @Property({ type: 'string', length: 100 })
  fromName!: string;

  @Property({ type: 'string', length: 10 })
  toCode!: string;

  @Property({ type: 'string', length: 100 })
  toName!: string;

  @Property({ type: 'text' })
  legalBasis!: string;

  @Property({ type: 'text' })
  evidence!: string;
}

/** A heritage site shown on the map and used by the models that guard it. */
@Entity()
export class HeritageSite {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 300 })
  address!: string;

  @Property({ type: 'string', length: 300 })
  coordinateSource!: string;

  @Property({ type: new GeometryType('Point'), ignoreSchemaChanges: ['type'] })
  location!: Geometry;
}
