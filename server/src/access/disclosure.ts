import { Role, smallCountThreshold, UnitLevel, type MeasureId } from '@anbinh/shared';
import type { Knex } from '@anbinh/db';
import { measureTables, measureValues, type Period } from '../metrics/measures';
import type { Gazetteer } from '../geography/gazetteer';
import type { AdminUnitNode } from '../geography/admin-unit.type';
import type { Freshness } from '../changes/freshness';
import type { Viewer } from './viewer';
import type { Context } from '../graphql/context';

/**
 * Statistical disclosure control for people under community education
 * (docs/privacy.md): below officer level their figures are published only for
 * whole calendar years, for territories of the map in force on 31 December,
 * with primary suppression of small counts and complementary suppression along
 * the hierarchy so that no withheld figure can be worked out by differencing.
 */

/** Measures that count people under community education: personal data in small numbers. */
export const personalMeasures: readonly MeasureId[] = ['peopleUnderCommunityEducation', 'peopleInCommunityEducation', 'peopleProgressed'];
const personalSet: ReadonlySet<MeasureId> = new Set(personalMeasures);

export const isPersonal = (measure: MeasureId): boolean => personalSet.has(measure);

/** Why a figure is withheld, as a client may show it. */
export enum WithheldReason {
  /** Fewer than 3 people, or a figure from which such a count could be worked out. */
  SMALL_OR_DERIVABLE = 'SMALL_OR_DERIVABLE',
  /** Not one whole calendar year. */
  NOT_A_CALENDAR_YEAR = 'NOT_A_CALENDAR_YEAR',
  /** The territory is not a unit of the map in force on 31 December of the year. */
  NOT_THE_YEARS_MAP = 'NOT_THE_YEARS_MAP',
}

/** Whether the viewer sees exact figures of a unit: admins everywhere, officers for units wholly inside their territory. */
export function seesExact(viewer: Viewer, gazetteer: Gazetteer, unit: AdminUnitNode): boolean {
  if (viewer.role === Role.ADMIN) return true;
  if (viewer.role !== Role.OFFICER) return false;
  const territory = gazetteer.territory(viewer.units);
  return gazetteer.atoms(unit.versionId).every((atom) => territory.has.has(atom));
}

/** What the viewer's person figures depend on besides the query: a cache key part. */
export function disclosureScope(viewer: Viewer): string {
  if (viewer.role === Role.ADMIN) return 'exact';
  if (viewer.role === Role.OFFICER) return `officer:${[...viewer.units].sort().join(',')}`;
  return 'public';
}

/** The calendar year a period is, or null when it is not exactly one. */
export function calendarYear(period: Period): number | null {
  const year = Number(period.from.slice(0, 4));
  return period.from === `${year}-01-01` && period.to === `${year}-12-31` ? year : null;
}

/** The publication map of a year: the division in force on its 31 December. */
export const publicationDate = (year: number): string => `${year}-12-31`;

const levels = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE];

/** A territory's identity: the same atoms are the same figures, whichever version or level carries them. */
export const territoryKey = (gazetteer: Gazetteer, versionId: number) => [...gazetteer.atoms(versionId)].sort().join(' ');

/** One year's publication grid: the territories of its map and those withheld. */
export interface YearProtection {
  year: number;
  /** Territory key → whether its figures are withheld, for every territory of the year's map. */
  withheld: ReadonlyMap<string, boolean>;
  primary: number;
  complementary: number;
}

/** A parent unit on the year's map and its children (one level down). */
export interface Group {
  parent: string;
  children: string[];
}

/** The year's map as groups of territories, parents first: each commune under its district, each district under the province (a commune under the province where districts are gone). */
export function hierarchy(gazetteer: Gazetteer, date: string): { cells: Map<string, AdminUnitNode>; groups: Group[] } {
  const cells = new Map<string, AdminUnitNode>();
  const byAtom = new Map<UnitLevel, Map<string, string>>();
  for (const level of levels) {
    const index = new Map<string, string>();
    for (const unit of gazetteer.unitsOfLevel(level, date)) {
      const key = territoryKey(gazetteer, unit.versionId);
      if (!cells.has(key)) cells.set(key, unit);
      for (const atom of gazetteer.atoms(unit.versionId)) index.set(atom, key);
    }
    byAtom.set(level, index);
  }
  const children = new Map<string, string[]>();
  for (const [key, unit] of cells) {
    const atom = gazetteer.atoms(unit.versionId)[0];
    const higher = levels.slice(0, levels.indexOf(unit.level)).reverse();
    const parent = higher.map((level) => byAtom.get(level)!.get(atom)).find((p) => p !== undefined && p !== key);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), key]);
  }
  return { cells, groups: [...children].map(([parent, list]) => ({ parent, children: list })) };
}

/** A stable pseudo-random rank of a unit-year: complements are chosen by it, so the choice tells nothing about the values. */
function rank(code: string, year: number): number {
  let h = 2166136261;
  for (const c of `${code}:${year}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * What an attacker who knows the rules may assume of a withheld count: 1–2
 * for a small count, at least 3 for any other non-zero one, at least 0 for a zero.
 */
function prior(value: number): [number, number] {
  if (value === 0) return [0, Infinity];
  return value < smallCountThreshold ? [1, smallCountThreshold - 1] : [smallCountThreshold, Infinity];
}

/**
 * Whether a group's equation (parent = sum of children) pins a withheld
 * non-zero count: with the others at their bounds, a withheld cell's range
 * collapses to one value.
 */
function pins(group: Group, values: Map<string, number>, withheld: Set<string>): boolean {
  const terms = [{ key: group.parent, sign: -1 }, ...group.children.map((key) => ({ key, sign: 1 }))];
  const unknown = terms.filter((t) => withheld.has(t.key));
  if (unknown.length === 0) return false;
  const known = terms.filter((t) => !withheld.has(t.key)).reduce((sum, t) => sum - t.sign * values.get(t.key)!, 0); // Σ sign·x over unknowns
  const bounds = unknown.map((t) => {
    const [lo, hi] = prior(values.get(t.key)!);
    return t.sign > 0 ? [lo, hi] : [-hi, -lo];
  });
  return unknown.some((t, i) => {
    if (values.get(t.key) === 0) return false; // a zero points at no one
    let lo = known;
    let hi = known;
    bounds.forEach(([l, h], j) => {
      if (j !== i) {
        lo -= h;
        hi -= l;
      }
    });
    const [ownLo, ownHi] = bounds[i];
    return Math.max(lo, ownLo) >= Math.min(hi, ownHi);
  });
}

/** Primary and complementary suppression for one year, on its map, for all units at once. */
export async function protectYear(knex: Knex, gazetteer: Gazetteer, year: number): Promise<YearProtection> {
  const { cells, groups } = hierarchy(gazetteer, publicationDate(year));
  const units = [...cells].map(([key, unit]) => ({ id: unit.versionId, key, atoms: gazetteer.atoms(unit.versionId) }));
  const figures = await measureValues(knex, [...personalMeasures], units, { from: `${year}-01-01`, to: publicationDate(year) });
  const values = personalMeasures.map((m) => new Map(units.map((u) => [u.key, figures.get(u.id)![m]])));
  // Primary: any count of 1 or 2 withholds all the unit's person figures (the rate and the other count would give it back).
  const withheld = new Set(
    units
      .filter((u) =>
        values.some((v) => {
          const n = v.get(u.key)!;
          return n > 0 && n < smallCountThreshold;
        }),
      )
      .map((u) => u.key),
  );
  const primary = withheld.size;
  // Complementary, to a fixpoint: where a group's sum pins a withheld count, withhold one more unit.
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      for (const v of values) {
        if (!pins(group, v, withheld)) continue;
        // A published child with at least 3 hides the pinned count; with none left, the parent goes too.
        const candidates = group.children
          .filter((key) => !withheld.has(key) && v.get(key)! >= smallCountThreshold)
          .sort((a, b) => rank(cells.get(a)!.code, year) - rank(cells.get(b)!.code, year));
        const chosen = candidates[0] ?? group.parent;
        if (withheld.has(chosen)) continue; // nothing left to withhold in this group
        withheld.add(chosen);
        changed = true;
      }
    }
  }
  return { year, withheld: new Map(units.map((u) => [u.key, withheld.has(u.key)])), primary, complementary: withheld.size - primary };
}

/** The year's protection, computed once per process until community-education records change. */
export function protectionOf(ctx: Reader, year: number): Promise<YearProtection> {
  const compute = () => protectYear(ctx.knex, ctx.gazetteer, year);
  if (ctx.freshness) return ctx.freshness.memo(`disclosure:${year}`, measureTables(personalMeasures), compute);
  return ctx.loader
    ? ctx.loader<number, YearProtection>('disclosure', (years) => Promise.all(years.map((y) => protectYear(ctx.knex, ctx.gazetteer, y)))).load(year)
    : compute();
}

/** What reading the grid needs: a request context, a subscription's or a tile's. */
export interface Reader {
  knex: Knex;
  gazetteer: Gazetteer;
  viewer: Viewer;
  freshness?: Freshness;
  loader?: Context['loader'];
}

/**
 * For each unit, why its person figures for the period are withheld from the
 * viewer, or null when they are shown.
 */
export async function withholding(ctx: Reader, units: readonly AdminUnitNode[], period: Period): Promise<Map<number, WithheldReason | null>> {
  const year = calendarYear(period);
  const protection = year !== null && units.some((u) => !seesExact(ctx.viewer, ctx.gazetteer, u)) ? await protectionOf(ctx, year) : null;
  return new Map(
    units.map((unit) => {
      if (seesExact(ctx.viewer, ctx.gazetteer, unit)) return [unit.versionId, null];
      if (!protection) return [unit.versionId, WithheldReason.NOT_A_CALENDAR_YEAR];
      const withheld = protection.withheld.get(territoryKey(ctx.gazetteer, unit.versionId));
      if (withheld === undefined) return [unit.versionId, WithheldReason.NOT_THE_YEARS_MAP];
      return [unit.versionId, withheld ? WithheldReason.SMALL_OR_DERIVABLE : null];
    }),
  );
}
