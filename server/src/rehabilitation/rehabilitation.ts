import { Arg, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { AdminUnitNode } from '../geography/admin-unit.type';
import { groupedMeasure, measureValues, type Period } from '../metrics/measures';
import { periodOf } from '../metrics/metric.resolver';
import { argDocs } from '../graphql/arguments';
import { withholding } from '../access/disclosure';

@ObjectType('RehabilitationYear', { description: 'One year of community education in a unit.' })
export class RehabilitationYear {
  @Field(() => Int, { description: 'The year (for a whole period, the year it starts).' }) year!: number;
  @Field(() => Int, { nullable: true, description: 'People placed under community education that year; null when withheld (see suppressed).' }) placed!: number | null;
  @Field(() => Int, { nullable: true, description: 'People who progressed and were released that year; null when withheld.' }) progressed!: number | null;
  @Field(() => Float, { nullable: true, description: 'progressed ÷ placed; null when nobody was placed, or when withheld.' }) successRate!: number | null;
  @Field(() => Boolean, { description: 'True when the figures are withheld to protect people: below officer level they are published only for a whole calendar year on that year’s map, and not where a count is 1 or 2 or could be worked out from other published figures (docs/privacy.md).' }) suppressed!: boolean;
}

@ObjectType('Rehabilitation', {
  description: 'Community education (quản lý, giáo dục tại cộng đồng) in a unit and period, as aggregates only: individual cases are personal data and never leave the server here.',
})
export class Rehabilitation extends RehabilitationYear {
  @Field(() => [RehabilitationYear], { description: 'The trend: every year of the data, oldest first.' }) byYear!: RehabilitationYear[];
}

const rate = (progressed: number, placed: number) => (placed > 0 ? progressed / placed : null);

/** The figures as the viewer may see them: withheld together, since the rate and one count give back the other. */
function visible(withheld: boolean, placed: number, progressed: number) {
  if (!withheld) return { placed, progressed, successRate: rate(progressed, placed), suppressed: false };
  return { placed: null, progressed: null, successRate: null, suppressed: true };
}
const wholeData: Period = { from: '2008-01-01', to: '2100-12-31' };

/** Rehabilitation for many units at once: two statements for any number of units. */
async function rehabilitationOf(ctx: Context, unitIds: readonly number[], period: Period): Promise<Rehabilitation[]> {
  const [totals, placedByYear, progressedByYear] = await Promise.all([
    measureValues(ctx.knex, ['peopleUnderCommunityEducation', 'peopleProgressed'], unitIds.map((id) => ({ id, atoms: ctx.gazetteer.atoms(id) })), period),
    groupedMeasure(ctx.knex, 'peopleUnderCommunityEducation', ['UNIT', 'YEAR'], [...unitIds], wholeData),
    groupedMeasure(ctx.knex, 'peopleProgressed', ['UNIT', 'YEAR'], [...unitIds], wholeData),
  ]);
  const units = unitIds.map((id) => ctx.gazetteer.byId(id)!);
  const years = [...new Set([...placedByYear, ...progressedByYear].map((r) => r.year!))];
  const [withheld, ...withheldByYear] = await Promise.all([
    withholding(ctx, units, period),
    ...years.map((year) => withholding(ctx, units, { from: `${year}-01-01`, to: `${year}-12-31` })),
  ]);
  const withheldIn = new Map(years.map((year, i) => [year, withheldByYear[i]]));
  return unitIds.map((id) => {
    const total = totals.get(id)!;
    const years = new Map<number, { placed: number; progressed: number }>();
    for (const r of placedByYear.filter((r) => r.unitId === id)) years.set(r.year!, { placed: r.value, progressed: 0 });
    for (const r of progressedByYear.filter((r) => r.unitId === id)) years.set(r.year!, { placed: years.get(r.year!)?.placed ?? 0, progressed: r.value });
    const byYear = [...years.entries()].sort(([a], [b]) => a - b)
      .map(([year, v]) => Object.assign(new RehabilitationYear(), { year, ...visible(withheldIn.get(year)!.get(id) !== null, v.placed, v.progressed) }));
    const figures = visible(withheld.get(id) !== null, total.peopleUnderCommunityEducation, total.peopleProgressed);
    return Object.assign(new Rehabilitation(), { year: Number(period.from.slice(0, 4)), ...figures, byYear });
  });
}

function loadRehabilitation(ctx: Context, unitId: number, period: Period) {
  return ctx.loader<number, Rehabilitation>(`rehabilitation|${period.from}|${period.to}`, (ids) => rehabilitationOf(ctx, ids, period)).load(unitId);
}

@Resolver(() => Rehabilitation)
export class RehabilitationResolver {
  @Query(() => Rehabilitation, { description: 'Community education in a unit (default: the province) for a year or from/to; any unit of any period, rolled along lineage.' })
  async rehabilitation(
    @Ctx() ctx: Context,
    @Arg('unitCode', () => String, { nullable: true, description: argDocs.unitCode }) unitCode?: string | null,
    @Arg('year', () => Int, { nullable: true, description: argDocs.year }) year?: number | null,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
  ): Promise<Rehabilitation> {
    const period = periodOf({ year, from, to });
    const unit = ctx.gazetteer.forPeriod(unitCode ?? undefined, { asOf: asOf ?? undefined, ...period });
    return loadRehabilitation(ctx, unit.versionId, period);
  }
}

@Resolver(() => AdminUnitNode)
export class AdminUnitRehabilitationResolver {
  @FieldResolver(() => Rehabilitation, { description: 'Its rehabilitation successes for a year or from/to, with the trend by year.' })
  rehabilitation(
    @Root() unit: AdminUnitNode,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { nullable: true, description: argDocs.year }) year?: number | null,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null,
  ): Promise<Rehabilitation> {
    return loadRehabilitation(ctx, unit.versionId, periodOf({ year, from, to }));
  }
}
