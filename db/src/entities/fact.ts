import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { AdminUnit, GeoAtom } from './geography';

/**
 * What every recorded fact carries: the unit version in force on its date, the
 * atom it lies in (from its point, else the unit's seat), and whether it is
 * generated sample data rather than an officer's record.
 */
@Entity({ abstract: true })
export abstract class Fact {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => AdminUnit)
  @Index()
  unit!: AdminUnit;

  @ManyToOne(() => GeoAtom)
  @Index()
  atom!: GeoAtom;

  @Property({ type: 'boolean', default: false })
  sample: boolean = false;

  /** Raised by every update: an edit names the version it read, and a stale one is refused. */
  @Property({ type: 'integer', default: 1 })
  version: Opt<number> = 1;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt?: Date;
}
