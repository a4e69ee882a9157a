import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many records of a point layer (`layer`, its table) began and ended in a
 * year within one cell of the Web Mercator grid at zoom 11, and the sums of
 * their longitudes and latitudes: what the map's low-zoom tiles count from.
 * Kept by triggers on the layers' tables (see the MapCells migration); never
 * written by the hub.
 */
@Entity()
export class MapCell {
  @PrimaryKey({ type: 'text' })
  layer!: string;

  @PrimaryKey({ type: 'int', autoincrement: false })
  x!: number;

  @PrimaryKey({ type: 'int', autoincrement: false })
  y!: number;

  @PrimaryKey({ type: 'smallint', autoincrement: false })
  year!: number;

  @Property({ type: 'int', default: 0 })
  started!: number;

  @Property({ type: 'int', default: 0 })
  ended!: number;

  @Property({ type: 'double', default: 0 })
  startedLon!: number;

  @Property({ type: 'double', default: 0 })
  startedLat!: number;

  @Property({ type: 'double', default: 0 })
  endedLon!: number;

  @Property({ type: 'double', default: 0 })
  endedLat!: number;
}

/**
 * A line record's (a patrol route's) geodesic length inside one atom it
 * crosses: what it counts in each unit. Kept by the `<table>_pieces` trigger
 * of every line type's table (see the RecordPieces migration); never written by the hub.
 */
@Entity()
export class RecordPiece {
  @PrimaryKey({ type: 'text' })
  recordTable!: string;

  @PrimaryKey({ type: 'int', autoincrement: false })
  recordId!: number;

  @PrimaryKey({ type: 'string', length: 16 })
  @Index()
  atomId!: string;

  @Property({ type: 'double' })
  metres!: number;
}
