import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { UnitLevel, type Formula, type MeasureId, type MetricDefinition } from '@anbinh/shared';
import { allMetrics, findMetric } from './catalogue';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { DateScalar } from '../graphql/scalars';
import { AdminUnitNode } from '../geography/admin-unit.type';
import { groupedMeasure, measureHasKind, measureIds, measureTables, measureValues, type Period } from './measures';
import { AggregateRow, GroupBy, MetricType, MetricValue, ValueStatus } from './metric.type';
import { argDocs } from '../graphql/arguments';
import { disclosureScope, isPersonal, seesExact, withholding } from '../access/disclosure';

function describeFormula(f: Formula): string {
  if (f.kind === 'measure') return f.measure;
  if (f.kind === 'ratio') return `${f.numerator} ÷ ${f.denominator}`;
  return `${f.measure} ÷ area (km²)`;
}

export function measuresOf(f: Formula): MeasureId[] {
  return f.kind === 'ratio' ? [f.numerator, f.denominator] : [f.measure];
}

/** A period from a year or from/to, refused when it makes no sense. */
export function periodOf(args: { year?: number | null; from?: string | null; to?: string | null }): Period {
  if (args.year != null && (args.from != null || args.to != null)) throw userError('Give either year or from/to, not both.');
  if (args.year != null) {
    if (!Number.isInteger(args.year) || args.year < 2008 || args.year > 2100) throw userError(`year ${args.year} is outside the hub's range (2008 onwards).`);
    return { from: `${args.year}-01-01`, to: `${args.year}-12-31` };
  }
  if (args.from == null || args.to == null) throw userError('Give a year, or both from and to.');
  if (args.from > args.to) throw userError(`from (${args.from}) is after to (${args.to}); swap them.`);
  return { from: args.from, to: args.to };
}

function metricOrRefuse(id: string): MetricDefinition {
  const metric = findMetric(id);
  if (!metric)
    throw userError(
      `There is no metric "${id}". Known metrics: ${allMetrics()
        .map((m) => m.id)
        .join(', ')}.`,
    );
  return metric;
}

/** The units of a level on the map of a date, optionally only those inside a unit (by its version). */
export interface UnitMap {
  level: UnitLevel;
  asOf: string;
  withinVersionId?: number;
}

/**
 * Computes a metric for units from their measures and areas. With a
 * Freshness (HTTP requests), the answer is kept for everyone who asks the same
 * (and may see the same: person figures are withheld below officer level) until a table
 * it counts changes: a country's choropleth is 10,640 units.
 */
export function metricFor(
  ctx: Pick<Context, 'knex' | 'viewer' | 'gazetteer' | 'freshness'>,
  metric: MetricDefinition,
  map: UnitMap,
  period: Period,
): Promise<MetricValue[]> {
  const measures = measuresOf(metric.formula);
  const compute = () => computeMetric(ctx, metric, ctx.gazetteer.unitsOfLevel(map.level, map.asOf, map.withinVersionId), period);
  if (!ctx.freshness) return compute();
  const scope = measures.some(isPersonal) ? disclosureScope(ctx.viewer) : 'all';
  const key = `metric:${metric.id}:${period.from}:${period.to}:${scope}:${map.level}:${map.asOf}:${map.withinVersionId ?? ''}`;
  return ctx.freshness.memo(key, measureTables(measures), compute);
}

/** A metric for the given units, computed afresh (metricFor keeps it for a map). */
export async function computeMetric(
  ctx: Pick<Context, 'knex' | 'viewer' | 'gazetteer' | 'freshness'>,
  metric: MetricDefinition,
  units: AdminUnitNode[],
  period: Period,
): Promise<MetricValue[]> {
  const f = metric.formula;
  const [values, withheld] = await Promise.all([
    measureValues(
      ctx.knex,
      measuresOf(f),
      units.map((u) => ({ id: u.versionId, atoms: ctx.gazetteer.atoms(u.versionId) })),
      period,
    ),
    measuresOf(f).some(isPersonal) ? withholding(ctx, units, period) : null,
  ]);
  const of = (unit: AdminUnitNode, value: number | null, status: ValueStatus) => Object.assign(new MetricValue(), { unit, value, status });
  return units.map((unit) => {
    const v = values.get(unit.versionId)!;
    // Below officer level, person figures follow the publication grid (access/disclosure.ts).
    if (withheld?.get(unit.versionId)) return of(unit, null, ValueStatus.WITHHELD);
    const value =
      f.kind === 'measure'
        ? v[f.measure]
        : f.kind === 'ratio'
          ? v[f.denominator] > 0
            ? v[f.numerator] / v[f.denominator]
            : null
          : unit.areaKm2
            ? v[f.measure] / unit.areaKm2
            : null;
    return value === null ? of(unit, null, ValueStatus.NOT_APPLICABLE) : of(unit, value, ValueStatus.PUBLISHED);
  });
}

const metricArgument = 'A metric id from the `metrics` query, whose `definitionEn` says how each is computed (e.g. cameraSites, rehabilitationSuccessRate).';

@Resolver(() => MetricType)
export class MetricResolver {
  @Query(() => [MetricType], { description: 'The metric catalogue.' })
  metrics(): MetricType[] {
    return allMetrics().map((m) =>
      Object.assign(new MetricType(), {
        id: m.id,
        label: m.label.vi,
        labelEn: m.label.en,
        unit: m.unit.vi,
        unitEn: m.unit.en,
        kind: m.kind,
        formula: describeFormula(m.formula),
        definition: m.definition.vi,
        definitionEn: m.definition.en,
        description: m.definition.en,
      }),
    );
  }

  @Query(() => [MetricValue], {
    description:
      'A metric for every unit of a level on one map (the division in force on `asOf`, by default the period’s last day), optionally only inside `unitCode`: what a choropleth needs.',
  })
  async metricValues(
    @Ctx() ctx: Context,
    @Arg('metric', () => String, { description: metricArgument }) metricId: string,
    @Arg('level', () => UnitLevel, { description: argDocs.level }) level: UnitLevel,
    @Arg('year', () => Int, { nullable: true, description: argDocs.year }) year?: number | null,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
    @Arg('unitCode', () => String, { nullable: true, description: 'Only units whose seat lies inside this unit.' }) unitCode?: string | null,
  ): Promise<MetricValue[]> {
    const metric = metricOrRefuse(metricId);
    const period = periodOf({ year, from, to });
    const mapDate = asOf ?? period.to;
    const scope = unitCode ? ctx.gazetteer.forPeriod(unitCode, { asOf: asOf ?? undefined, ...period }) : undefined;
    return metricFor(ctx, metric, { level, asOf: mapDate, withinVersionId: scope?.versionId }, period);
  }

  @Query(() => [AggregateRow], {
    description:
      'A measure (count or sum) grouped by unit, year, month and/or kind. With UNIT, the units of `level` in force on `asOf` (default: the period’s last day) inside `unitCode` (default: the province).',
  })
  async aggregate(
    @Ctx() ctx: Context,
    @Arg('measure', () => String, { description: 'A measure: one a metric is built from (`metrics { formula }` names them), e.g. cameraSites or patrolKm.' })
    measure: string,
    @Arg('groupBy', () => [GroupBy], { description: argDocs.groupBy }) groupBy: GroupBy[],
    @Arg('level', () => UnitLevel, { nullable: true, description: 'The level units are grouped at (with UNIT); default COMMUNE.' }) level?: UnitLevel | null,
    @Arg('year', () => Int, { nullable: true, description: argDocs.year }) year?: number | null,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
    @Arg('unitCode', () => String, { nullable: true, description: argDocs.unitCode }) unitCode?: string | null,
  ): Promise<AggregateRow[]> {
    if (!measureIds().includes(measure)) throw userError(`There is no measure "${measure}". Known measures: ${measureIds().join(', ')}.`);
    const id: MeasureId = measure;
    if (groupBy.includes(GroupBy.KIND) && !measureHasKind(id)) throw userError(`${measure} has no kind to group by; drop KIND.`);
    if (new Set(groupBy).size !== groupBy.length) throw userError('groupBy lists a key twice.');
    const period = year == null && from == null && to == null ? { from: '2008-01-01', to: '2100-12-31' } : periodOf({ year, from, to });
    const scope = ctx.gazetteer.forPeriod(unitCode ?? undefined, { asOf: asOf ?? undefined, ...period });
    const units = groupBy.includes(GroupBy.UNIT)
      ? ctx.gazetteer.unitsOfLevel(level ?? UnitLevel.COMMUNE, asOf ?? (period.to > today() ? today() : period.to), scope.versionId)
      : [scope];
    const personal = isPersonal(id);
    // Person figures are published by administrative unit only: a month or a kind would split a unit's count finer than its grid.
    if (personal && groupBy.some((g) => g !== GroupBy.UNIT) && !units.every((u) => seesExact(ctx.viewer, ctx.gazetteer, u))) {
      throw userError(
        `${measure} is published grouped by UNIT only, for a whole calendar year: drop ${groupBy.filter((g) => g !== GroupBy.UNIT).join(', ')}, or sign in as an officer of the units.`,
        'FORBIDDEN',
      );
    }
    const [rows, withheld] = await Promise.all([
      groupedMeasure(
        ctx.knex,
        id,
        groupBy,
        units.map((u) => u.versionId),
        period,
      ),
      personal ? withholding(ctx, units, period) : null,
    ]);
    return rows.map((r) =>
      Object.assign(new AggregateRow(), {
        year: null,
        month: null,
        kind: null,
        ...r,
        value: withheld?.get(r.unitId ?? units[0].versionId) ? null : r.value,
      }),
    );
  }
}

@Resolver(() => AggregateRow)
export class AggregateRowResolver {
  @FieldResolver(() => AdminUnitNode, { nullable: true, description: 'The unit of the group (with UNIT).' })
  unit(@Root() row: AggregateRow, @Ctx() ctx: Context): AdminUnitNode | null {
    return row.unitId === undefined ? null : ctx.gazetteer.byId(row.unitId);
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
