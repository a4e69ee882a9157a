import { Arg, Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import { MetricKind, UnitLevel, type MetricDefinition } from '@anbinh/shared';
import { findMetric } from './catalogue';
import type { Context } from '../graphql/context';
import { KeptValues, type Freshness } from '../changes/freshness';
import { measureTables, measureYears } from './measures';
import { computeMetric, measuresOf } from './metric.resolver';
import { MetricType, ValueStatus } from './metric.type';
import { disclosureScope, isPersonal } from '../access/disclosure';

/** How many colour classes a choropleth has. */
export const classCount = 5;

/** The q-quantile of sorted values, interpolated between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (at - below);
}

/** Rounds to two significant figures, up or down, so that a legend reads cleanly. */
function roundSignificant(x: number, direction: 'up' | 'down' | 'near'): number {
  if (x === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  const round = direction === 'up' ? Math.ceil : direction === 'down' ? Math.floor : Math.round;
  return Number((round(x / step) * step).toPrecision(12));
}

/**
 * Class edges (n+1, strictly increasing) from every value a metric took, pooled
 * over all years: one colour means one range in every year and division. Rates
 * span 0–1 by definition; counts have whole-number edges; the lowest edge is 0
 * for counts and densities, which cannot be negative.
 */
export function classEdges(kind: MetricKind, pooled: readonly number[], classes = classCount): number[] {
  const sorted = [...pooled].sort((a, b) => a - b);
  const max = sorted.length ? sorted[sorted.length - 1] : 0;
  const inner = sorted.length ? Array.from({ length: classes - 1 }, (_, i) => quantile(sorted, (i + 1) / classes)) : [];
  const edges =
    kind === MetricKind.RATE
      ? [0, ...inner.map((q) => roundSignificant(q, 'near')), 1]
      : kind === MetricKind.COUNT
        ? [0, ...inner.map((q) => Math.round(q)), Math.max(Math.ceil(max), 1)]
        : [0, ...inner.map((q) => roundSignificant(q, 'near')), max > 0 ? roundSignificant(max, 'up') : 1];
  const top = edges[edges.length - 1];
  // Ties (many zeros, many equal counts) would give empty classes: each edge must lie above the one before and below the top.
  return edges.filter((e, i) => i === edges.length - 1 || ((i === 0 || e > edges[i - 1]) && e < top));
}

/**
 * A metric's class edges at a level: every year with data, each on its own
 * year's map, pooled. A reader who does not see small counts gets edges from
 * what they see. Kept (with a Freshness, as on every HTTP request) until a
 * table the metric counts changes; without one, computed on each call.
 */
export function metricBreaks(ctx: Pick<Context, 'knex' | 'viewer' | 'gazetteer' | 'freshness'>, metric: MetricDefinition, level: UnitLevel): Promise<number[]> {
  const measures = measuresOf(metric.formula);
  const compute = async () => {
    const years = await measureYears(ctx.knex, measures);
    const pooled: number[] = [];
    if (years) {
      const last = Math.min(years.last, new Date().getUTCFullYear());
      // One year at a time: a statement each, not all years' facts at once.
      for (let year = years.first; year <= last; year++) {
        const period = { from: `${year}-01-01`, to: `${year}-12-31` };
        const values = await computeMetric(ctx, metric, ctx.gazetteer.unitsOfLevel(level, period.to), period);
        for (const v of values) if (v.status === ValueStatus.PUBLISHED) pooled.push(v.value!);
      }
    }
    return classEdges(metric.kind, pooled);
  };
  if (!ctx.freshness) return compute();
  const scope = measures.some(isPersonal) ? disclosureScope(ctx.viewer) : 'all';
  // Kept apart from Freshness.memo's few entries, which a catalogue's breaks (every metric at once) would push out the maps tiles share.
  let kept = keptBreaks.get(ctx.freshness);
  if (!kept) keptBreaks.set(ctx.freshness, (kept = new KeptValues(ctx.freshness, 1_000)));
  return kept.memo(`${metric.id}:${level}:${scope}`, measureTables(measures), compute);
}

/** Breaks per server (its Freshness): one entry per metric, level and reader class, recomputed after a write to a table they count. */
const keptBreaks = new WeakMap<Freshness, KeptValues>();

@Resolver(() => MetricType)
export class MetricBreaksResolver {
  @FieldResolver(() => [Float], {
    description:
      `The metric's ${classCount + 1} class edges (fewer when values tie) at a level, strictly increasing, the same for every year and division: ` +
      'pooled quintiles of every year’s values on that year’s map; rates span 0–1, counts have whole-number edges. ' +
      'A value v is in class i when edges[i] ≤ v < edges[i+1] (the last class includes its top edge).',
  })
  breaks(
    @Root() root: MetricType,
    @Ctx() ctx: Context,
    @Arg('level', () => UnitLevel, { description: 'The level the choropleth shows.' }) level: UnitLevel,
  ): Promise<number[]> {
    return metricBreaks(ctx, findMetric(root.id)!, level);
  }
}
