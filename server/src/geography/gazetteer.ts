import { runSql, type Knex } from '@anbinh/db';
import { geographyStart, UnitLevel } from '@anbinh/shared';
import { fieldError } from '../graphql/errors';
import type { AdminUnitNode } from './admin-unit.type';
import { checkAsOf, toNode, unitColumns, type UnitRow } from './admin-unit.service';

const inForce = (v: AdminUnitNode, day: string) => v.validFrom <= day && (v.validTo === null || day < v.validTo);
const byName = new Intl.Collator('vi').compare;
const append = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * Every unit version and its atoms, held in memory. The geography is reference
 * data: a few hundred versions for a province, some tens of thousands for the
 * country, without their polygons. It changes only when the geography is
 * (re)loaded, so the hub reads it once at start; lookups by code and date,
 * parents and lineage then cost no query. Polygons and search stay in SQL.
 */
export interface Territory {
  /** Shared: not to be changed. */
  readonly atoms: string[];
  readonly has: ReadonlySet<string>;
}

export class Gazetteer {
  private readonly byVersion = new Map<number, AdminUnitNode>();
  private readonly byCode = new Map<string, AdminUnitNode[]>();
  private readonly atomsOf = new Map<number, string[]>();
  private readonly unitsOfAtom = new Map<string, AdminUnitNode[]>();
  private readonly seatOf = new Map<number, string | null>();
  private readonly byLevel = new Map<UnitLevel, AdminUnitNode[]>();
  private readonly lineage = new Map<string, AdminUnitNode[]>();
  private readonly territories = new Map<string, Territory>();

  static async load(knex: Knex): Promise<Gazetteer> {
    const units = await runSql(knex, `select ${unitColumns}, u.seat_atom_id as seat from admin_unit u order by u.code, u.valid_from`);
    const atoms = await runSql(knex, 'select unit_id, atom_id from admin_unit_atom order by atom_id');
    return new Gazetteer(units.rows, atoms.rows);
  }

  private constructor(units: (UnitRow & { seat: string | null })[], atoms: { unit_id: number; atom_id: string }[]) {
    for (const row of units) {
      const unit = toNode(row);
      this.byVersion.set(unit.versionId, unit);
      this.seatOf.set(unit.versionId, row.seat);
      append(this.byCode, unit.code, unit);
      append(this.byLevel, unit.level, unit); // by code: the rows come ordered
    }
    for (const { unit_id, atom_id } of atoms) {
      const unit = this.byVersion.get(unit_id)!;
      append(this.atomsOf, unit_id, atom_id);
      append(this.unitsOfAtom, atom_id, unit);
    }
  }

  get size(): number {
    return this.byVersion.size;
  }

  byId(versionId: number): AdminUnitNode | null {
    return this.byVersion.get(versionId) ?? null;
  }

  /** The version of `code` in force on `asOf`, or its latest version without a date. */
  find(code: string, asOf?: string): AdminUnitNode {
    checkAsOf(asOf);
    const versions = this.versions(code);
    if (asOf === undefined) return versions[versions.length - 1];
    const match = versions.find((v) => inForce(v, asOf));
    if (!match) {
      const spans = versions.map((v) => `${v.name} from ${v.validFrom}${v.validTo ? ` to ${v.validTo}` : ''}`).join('; ');
      throw fieldError(
        'unitCode',
        'OUT_OF_RANGE',
        `Unit ${code} was not in force on ${asOf} (${spans}). Ask for a date in that span, or look at its successors.`,
      );
    }
    return match;
  }

  /**
   * The version of a code that a period's figures are read on: the one in force on
   * `asOf` if given; else the latest in force during [from, to]; else the nearest
   * in time. Without a code, the province.
   */
  forPeriod(code: string | undefined, period: { asOf?: string; from?: string; to?: string }): AdminUnitNode {
    const { asOf, from = geographyStart, to = '9999-12-31' } = period;
    if (asOf !== undefined && code !== undefined) return this.find(code, asOf);
    checkAsOf(asOf);
    const versions = code === undefined ? this.ofLevel(UnitLevel.PROVINCE) : this.versions(code);
    const onAsOf = asOf === undefined ? undefined : versions.find((v) => inForce(v, asOf));
    if (onAsOf) return onAsOf;
    const during = versions.filter((v) => v.validFrom <= to && (v.validTo === null || v.validTo > from));
    if (during.length > 0) return during[during.length - 1];
    return versions[0].validFrom > to ? versions[0] : versions[versions.length - 1];
  }

  /** The units of a level in force on a date, by code; with `withinVersionId`, only those whose seat lies in that unit's territory. */
  unitsOfLevel(level: UnitLevel, asOf: string, withinVersionId?: number): AdminUnitNode[] {
    checkAsOf(asOf);
    const scope = withinVersionId === undefined ? undefined : new Set(this.atomsOf.get(withinVersionId) ?? []);
    return this.ofLevel(level).filter((u) => inForce(u, asOf) && (!scope || scope.has(this.seatOf.get(u.versionId) ?? '')));
  }

  /** The commune in force on a date that holds an atom: how a record reads on another period's map. */
  communeOfAtom(atom: string, onDate: string): AdminUnitNode | null {
    return this.unitsOfAtom.get(atom)?.find((u) => u.level === UnitLevel.COMMUNE && inForce(u, onDate)) ?? null;
  }

  /** The latest version of a code, or null if the hub has none. */
  latest(code: string): AdminUnitNode | null {
    return this.byCode.get(code)?.at(-1) ?? null;
  }

  /** The geography atoms a unit version is made of. */
  atoms(versionId: number): readonly string[] {
    return this.atomsOf.get(versionId) ?? [];
  }

  /** Every atom any version of a code has held: the territory an officer of that code answers for, across reorganisations. */
  territoryOf(code: string): string[] {
    return [...new Set((this.byCode.get(code) ?? []).flatMap((u) => this.atoms(u.versionId)))];
  }

  /**
   * The territory of several codes together, as a list (for SQL) and a set (to
   * test a change against): computed once per set of codes and shared, since
   * thousands of subscribers may hold the same scope.
   */
  territory(codes: readonly string[]): Territory {
    const key = [...codes].sort().join(',');
    let territory = this.territories.get(key);
    if (!territory) {
      const atoms = [...new Set(codes.flatMap((code) => this.territoryOf(code)))];
      territory = { atoms, has: new Set(atoms) };
      if (this.territories.size < 10_000) this.territories.set(key, territory); // bounded: codes come from callers
    }
    return territory;
  }

  /** The atom a unit's records without a point are filed under: its seat. */
  seat(versionId: number): string | null {
    return this.seatOf.get(versionId) ?? null;
  }

  /** The unit of `code` in force on a date. */
  at(code: string, onDate: string): AdminUnitNode | null {
    return this.byCode.get(code)?.find((u) => inForce(u, onDate)) ?? null;
  }

  /** The units this one became when it ended. */
  successors(unit: AdminUnitNode): AdminUnitNode[] {
    return this.sharingTerritory(unit, 'successors', (u) => u.validFrom === unit.validTo);
  }

  /** The units this one was formed from when it began. */
  predecessors(unit: AdminUnitNode): AdminUnitNode[] {
    return this.sharingTerritory(unit, 'predecessors', (u) => u.validTo === unit.validFrom);
  }

  /** Every earlier unit whose territory is now part of this one. */
  ancestors(unit: AdminUnitNode): AdminUnitNode[] {
    return this.sharingTerritory(unit, 'ancestors', (u) => u.validTo !== null && u.validTo <= unit.validFrom);
  }

  private versions(code: string): AdminUnitNode[] {
    const versions = this.byCode.get(code);
    if (!versions)
      throw fieldError('unitCode', 'NOT_FOUND', `No administrative unit has the code "${code}". Find a unit's code with adminUnits(search: "its name").`);
    return versions;
  }

  private ofLevel(level: UnitLevel): AdminUnitNode[] {
    return this.byLevel.get(level) ?? [];
  }

  /** Units of the same level sharing an atom with `unit` and passing `related`: lineage read from the territory. Memoised. */
  private sharingTerritory(unit: AdminUnitNode, relation: string, related: (u: AdminUnitNode) => boolean): AdminUnitNode[] {
    const key = `${relation}:${unit.versionId}`;
    let found = this.lineage.get(key);
    if (!found) {
      const units = new Set<AdminUnitNode>();
      for (const atom of this.atomsOf.get(unit.versionId) ?? []) {
        for (const u of this.unitsOfAtom.get(atom) ?? []) if (u.level === unit.level && related(u)) units.add(u);
      }
      found = [...units].sort((a, b) => byName(a.name, b.name));
      this.lineage.set(key, found);
    }
    return found;
  }
}
