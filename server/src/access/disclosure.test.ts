import { beforeAll, describe, expect, it } from 'vitest';
import { Role, smallCountThreshold } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';
import { Gazetteer } from '../geography/gazetteer';
import { hierarchy, protectYear, territoryKey } from './disclosure';

/**
 * An attacker with public reads: every person metric at every level, for
 * whole years, two-year spans and months, on the map at both ends of each
 * period; it writes down every linear relation that holds between the figures
 * (a parent is the sum of its children; for counts of events a span is the sum
 * of its years and a year of its months; progressed = rate × in education)
 * and works out what it can.
 */

const hub = useTestHub();
const analyst = viewerAs(Role.ANALYST);
const admin = viewerAs(Role.ADMIN);
let gazetteer: Gazetteer;
beforeAll(async () => {
  gazetteer = await Gazetteer.load(hub.orm.em.fork().getKnex());
});

const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const counts = { placed: 'peopleUnderCommunityEducation', inEducation: 'peopleInCommunityEducation', progressed: 'peopleProgressed' } as const;
/** Counts of events add up over time; people under education at some time in a period do not (one person spans years). */
const overTime = [counts.placed, counts.progressed];
const levels = ['PROVINCE', 'DISTRICT', 'COMMUNE'] as const;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface Period {
  key: string;
  from: string;
  to: string;
  year?: number;
  parts?: string[];
}
function periods(): Period[] {
  const out: Period[] = [];
  for (const y of years) {
    const months = Array.from({ length: 12 }, (_, i) => `${y}-${pad(i + 1)}`);
    out.push({ key: `${y}`, from: `${y}-01-01`, to: `${y}-12-31`, year: y, parts: months });
    for (let m = 1; m <= 12; m++) out.push({ key: `${y}-${pad(m)}`, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastDay(y, m)}` });
    if (y < years.at(-1)!) out.push({ key: `${y}+${y + 1}`, from: `${y}-01-01`, to: `${y + 1}-12-31`, parts: [`${y}`, `${y + 1}`] });
  }
  return out;
}

/** Every figure of one period on one map, as a viewer reads it: one document, each metric at each level. */
async function readPeriod(period: Period, asOf: string, viewer = analyst) {
  const fields = levels.flatMap((level) =>
    [...Object.values(counts), 'rehabilitationSuccessRate'].map(
      (metric) =>
        `${metric}_${level}: metricValues(metric: "${metric}", level: ${level}, from: "${period.from}", to: "${period.to}", asOf: "${asOf}") { value unit { code validFrom } }`,
    ),
  );
  const result = await hub.query(`{ ${fields.join('\n')} }`, {}, viewer);
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, { value: number | null; unit: { code: string; validFrom: string } }[]>;
}

/** What the attacker collected: figures (null when withheld) per territory, period and metric, and each map's groups. */
interface Reads {
  figures: Map<string, number | null>;
  truth: Map<string, number>;
  maps: { period: Period; asOf: string }[];
}
const cell = (territory: string, period: string, what: string) => `${territory}|${period}|${what}`;

async function collect(): Promise<{ pub: Reads; truth: Map<string, number> }> {
  const figures = new Map<string, number | null>();
  const truth = new Map<string, number>();
  const maps: { period: Period; asOf: string }[] = [];
  for (const period of periods()) {
    // Divisions change on the first of a month: a month has one map, a year or span the maps at both ends.
    for (const asOf of period.year || period.parts ? [...new Set([period.from, period.to])] : [period.to]) {
      maps.push({ period, asOf });
      const [pub, exact] = await Promise.all([readPeriod(period, asOf), readPeriod(period, asOf, admin)]);
      for (const [field, values] of Object.entries(pub)) {
        const metric = field.split('_')[0];
        values.forEach((v, i) => {
          const unit = gazetteer.at(v.unit.code, v.unit.validFrom)!;
          const key = cell(territoryKey(gazetteer, unit.versionId), period.key, metric);
          figures.set(key, v.value);
          truth.set(key, exact[field][i].value ?? NaN);
        });
      }
    }
  }
  return { pub: { figures, truth, maps }, truth };
}

/** Σ coefficient·x = constant over cells. */
interface Equation {
  terms: [string, number][];
  constant: number;
}

function equations(reads: Reads): Equation[] {
  const out: Equation[] = [];
  const seen = new Set<string>();
  const add = (e: Equation) => {
    const key = JSON.stringify([...e.terms].sort(([a], [b]) => (a < b ? -1 : 1)));
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  };
  const territories = new Set<string>();
  for (const { period, asOf } of reads.maps) {
    const { groups, cells } = hierarchy(gazetteer, asOf);
    for (const t of cells.keys()) territories.add(t);
    for (const g of groups) {
      for (const m of Object.values(counts))
        add({ terms: [[cell(g.parent, period.key, m), 1], ...g.children.map((c) => [cell(c, period.key, m), -1] as [string, number])], constant: 0 });
    }
  }
  for (const t of territories) {
    for (const period of periods()) {
      for (const m of overTime) {
        if (period.parts) add({ terms: [[cell(t, period.key, m), 1], ...period.parts.map((p) => [cell(t, p, m), -1] as [string, number])], constant: 0 });
      }
      const rate = reads.figures.get(cell(t, period.key, 'rehabilitationSuccessRate'));
      if (rate != null)
        add({
          terms: [
            [cell(t, period.key, counts.progressed), 1],
            [cell(t, period.key, counts.inEducation), -rate],
          ],
          constant: 0,
        });
    }
  }
  return out;
}

type Knowledge = (key: string, truth: number) => [number, number];

/** Rounds of propagation an equation may take part in, and the largest enumeration of one equation's unknowns: the attacker stops there, weaker but still sound. */
const propagationBudget = 40;
const enumerationCap = 5_000;

/**
 * Interval propagation over a worklist to a fixpoint (bounded), with an exact
 * integer check of each equation with few unknowns (every assignment
 * enumerated, capped). Returns the withheld non-zero counts the attacker pins
 * to one value that the criterion calls disclosed.
 */
function attack(reads: Reads, knows: Knowledge, disclosed: (key: string, value: number) => boolean): { pinned: string[]; withheld: number } {
  const index = new Map<string, number>();
  const names: string[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const withheld: number[] = [];
  const variable = (key: string) => {
    let i = index.get(key);
    if (i !== undefined) return i;
    i = names.length;
    index.set(key, i);
    names.push(key);
    const value = reads.figures.get(key);
    const [l, h] = value != null ? [value, value] : knows(key, reads.truth.get(key) ?? 0); // a unit not on that period's maps: its truth is only for judging
    if (value == null) withheld.push(i);
    lo.push(l);
    hi.push(h);
    return i;
  };
  const eqs = equations(reads).map((e) => ({ terms: e.terms.map(([key, c]) => [variable(key), c] as [number, number]), constant: e.constant }));
  const uses: number[][] = names.map(() => []);
  eqs.forEach((eq, e) => eq.terms.forEach(([v]) => uses[v].push(e)));
  const queued = new Uint8Array(eqs.length);
  const rounds = new Uint16Array(eqs.length);
  const queue: number[] = [];
  const enqueue = (v: number) => {
    for (const e of uses[v])
      if (!queued[e] && rounds[e] < propagationBudget) {
        queued[e] = 1;
        queue.push(e);
      }
  };
  const tighten = (v: number, l: number, h: number) => {
    const nl = Math.max(lo[v], Math.ceil(l - 1e-9));
    const nh = Math.min(hi[v], Math.floor(h + 1e-9));
    if (nl === lo[v] && nh === hi[v]) return false;
    lo[v] = nl;
    hi[v] = nh;
    return true;
  };
  function propagate(eq: { terms: [number, number][]; constant: number }): number[] {
    const ranges = eq.terms.map(([v, c]) => (c > 0 ? [c * lo[v], c * hi[v]] : [c * hi[v], c * lo[v]]));
    // Sums of the others' bounds, counting unbounded ones apart (∞ − ∞ is no number).
    let loSum = 0,
      hiSum = 0,
      loInf = 0,
      hiInf = 0;
    for (const [a, b] of ranges) {
      if (Number.isFinite(a)) loSum += a;
      else loInf++;
      if (Number.isFinite(b)) hiSum += b;
      else hiInf++;
    }
    const changed: number[] = [];
    eq.terms.forEach(([v, c], i) => {
      const [own0, own1] = ranges[i];
      const restLo = loInf - (Number.isFinite(own0) ? 0 : 1) > 0 ? -Infinity : loSum - (Number.isFinite(own0) ? own0 : 0);
      const restHi = hiInf - (Number.isFinite(own1) ? 0 : 1) > 0 ? Infinity : hiSum - (Number.isFinite(own1) ? own1 : 0);
      const [a, b] = [(eq.constant - restHi) / c, (eq.constant - restLo) / c];
      if (tighten(v, Math.min(a, b), Math.max(a, b))) changed.push(v);
    });
    return changed;
  }
  /** Enumerates an equation's few unknowns and keeps for each only values some whole assignment uses. */
  function exact(eq: { terms: [number, number][]; constant: number }): number[] {
    const unknown = eq.terms.filter(([v]) => lo[v] !== hi[v]);
    if (unknown.length < 2 || unknown.length > 5) return [];
    if (unknown.reduce((p, [v]) => p * (hi[v] - lo[v] + 1), 1) > enumerationCap) return []; // also refuses unbounded ones
    const fixed = eq.terms.filter(([v]) => lo[v] === hi[v]).reduce((s, [v, c]) => s + c * lo[v], 0);
    const seen = unknown.map(() => [Infinity, -Infinity]);
    const values = unknown.map(([v]) => lo[v]);
    const walk = (i: number, sum: number) => {
      if (i === unknown.length) {
        if (Math.abs(sum + fixed - eq.constant) < 1e-6)
          values.forEach((x, j) => {
            seen[j][0] = Math.min(seen[j][0], x);
            seen[j][1] = Math.max(seen[j][1], x);
          });
        return;
      }
      const [v, c] = unknown[i];
      for (let x = lo[v]; x <= hi[v]; x++) {
        values[i] = x;
        walk(i + 1, sum + c * x);
      }
    };
    walk(0, 0);
    return unknown.filter(([v], j) => tighten(v, seen[j][0], seen[j][1])).map(([v]) => v);
  }
  // Propagation to a fixpoint, then the exact check of every equation; again while the exact check learns something.
  names.forEach((_, v) => enqueue(v));
  for (let round = 0; round < 10; round++) {
    for (let head = 0; head < queue.length; head++) {
      const e = queue[head];
      queued[e] = 0;
      rounds[e]++;
      for (const v of propagate(eqs[e])) enqueue(v);
    }
    queue.length = 0;
    const learnt = eqs.flatMap(exact);
    if (learnt.length === 0) break;
    rounds.fill(0);
    for (const v of learnt) enqueue(v);
  }
  // A cell no map at either end of its period carries (a unit living inside the period) was never read: only the pinned value judges it.
  const truth = (v: number) => reads.truth.get(names[v]) ?? lo[v];
  expect(withheld.filter((v) => truth(v) < lo[v] || truth(v) > hi[v]).map((v) => names[v])).toEqual([]); // the attacker's reasoning is sound
  const pinned = withheld.filter((v) => lo[v] === hi[v] && disclosed(names[v], lo[v])).map((v) => names[v]);
  return { pinned, withheld: withheld.length };
}

describe('statistical disclosure control of people under community education', () => {
  it('lets no public reader work out a withheld count, where the old rule (1–2 withheld per figure, any period) let them', async () => {
    const started = Date.now();
    const { pub, truth } = await collect();
    console.info(`read in ${Date.now() - started} ms`);
    // The attacker knows the rules: a withheld count on the grid (a whole year, on its own map) is 1–2 if small, else at least 3.
    const maps = new Map(years.map((y) => [String(y), new Set(hierarchy(gazetteer, `${y}-12-31`).cells.keys())]));
    const onGrid = (key: string) => maps.get(key.split('|')[1])?.has(key.split('|')[0]) ?? false;
    const grid: Knowledge = (key, value) =>
      onGrid(key) && value > 0 ? (value < smallCountThreshold ? [1, smallCountThreshold - 1] : [smallCountThreshold, Infinity]) : [0, Infinity];
    // Disclosed: a withheld non-zero count on the grid pinned to any value, or a refused span or month pinned to 1 or 2.
    const now = attack(pub, grid, (key, value) => value > 0 && (onGrid(key) || value < smallCountThreshold));

    // The old rule, on the same figures: each count of 1 or 2 withheld alone (and the rate with it), every period and map published.
    const old = new Map<string, number | null>();
    for (const [key, value] of truth) {
      const [t, p, metric] = key.split('|');
      const small = (m: string) => {
        const n = truth.get(cell(t, p, m)) ?? 0;
        return n > 0 && n < smallCountThreshold;
      };
      old.set(
        key,
        metric === 'rehabilitationSuccessRate' ? (small(counts.inEducation) || small(counts.progressed) ? null : value) : small(metric) ? null : value,
      );
    }
    const before = attack(
      { ...pub, figures: old },
      (_key, value) => (value > 0 && value < smallCountThreshold ? [1, smallCountThreshold - 1] : [0, Infinity]),
      (_key, value) => value > 0,
    );

    console.info(`attacker: old rule ${before.pinned.length} of ${before.withheld} withheld figures worked out; now ${now.pinned.length} of ${now.withheld}`);
    expect(before.pinned.length).toBeGreaterThan(100);
    expect(now.pinned).toEqual([]);
  }, 300_000);

  it('withholds a measured share of unit-years, and keeps the province published', async () => {
    const knex = hub.orm.em.fork().getKnex();
    let primary = 0;
    let complementary = 0;
    let cells = 0;
    for (const year of years) {
      const p = await protectYear(knex, gazetteer, year);
      primary += p.primary;
      complementary += p.complementary;
      cells += p.withheld.size;
      const province = gazetteer.unitsOfLevel('PROVINCE' as never, `${year}-12-31`)[0];
      expect(p.withheld.get(territoryKey(gazetteer, province.versionId))).toBe(false);
    }
    console.info(`withheld unit-years ${years[0]}–${years.at(-1)}: ${primary} primary, ${complementary} complementary, of ${cells}`);
    expect(primary).toBeGreaterThan(0);
  });
});
