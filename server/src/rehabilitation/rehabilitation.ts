import { Arg, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { AdminUnitNode } from '../geography/admin-unit.type';
import { measureValues, measureYears, yearlyMeasureValues, type Period } from '../metrics/measures';
import { periodOf } from '../metrics/metric.resolver';
import { argDocs } from '../graphql/arguments';
import { withholding } from '../access/disclosure';

@ObjectType('RehabilitationYear', { description: 'One year of community education in a unit.' })
export class RehabilitationYear {
  @Field(() => Int, { description: 'The year (for a whole period, the year it starts).' }) year!: number;
  @Field(() => Int, { nullable: true, description: 'People placed under community education that year; null when withheld (see suppressed).' }) placed!:
    number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'People under community education at some time that year: those still under it when it began plus those placed during it; null when withheld.',
  })
  inEducation!: number | null;
  @Field(() => Int, { nullable: true, description: 'People who progressed and were released that year; null when withheld.' }) progressed!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'progressed ÷ inEducation, a share 0–1 (the rehabilitationSuccessRate metric); null when nobody was under community education, or when withheld.',
  })
  successRate!: number | null;
  @Field(() => Boolean, {
    description:
      'True when the figures are withheld to protect people: below officer level they are published only for a whole calendar year on that year’s map, and not where a count is 1 or 2 or could be worked out from other published figures (docs/privacy.md).',
  })
  suppressed!: boolean;
}

@ObjectType('Rehabilitation', {
  description:
    'Community education (quản lý, giáo dục tại cộng đồng) in a unit and period, as aggregates only: individual cases are personal data and never leave the server here.',
})
export class Rehabilitation extends RehabilitationYear {
  @Field(() => [RehabilitationYear], { description: 'The trend: every year of the data in which someone was under community education there, oldest first.' })
  byYear!: RehabilitationYear[];
}

type Counts = Record<'peopleUnderCommunityEducation' | 'peopleInCommunityEducation' | 'peopleProgressed', number>;
const measures: (keyof Counts)[] = ['peopleUnderCommunityEducation', 'peopleInCommunityEducation', 'peopleProgressed'];

/** The figures as the viewer may see them: withheld together, since the rate and one count give back another. */
function visible(withheld: boolean, c: Counts) {
  if (withheld) return { placed: null, inEducation: null, progressed: null, successRate: null, suppressed: true };
  const { peopleUnderCommunityEducation: placed, peopleInCommunityEducation: inEducation, peopleProgressed: progressed } = c;
  return { placed, inEducation, progressed, successRate: inEducation > 0 ? progressed / inEducation : null, suppressed: false };
}

/** Rehabilitation for many units at once: three statements for any number of units. */
async function rehabilitationOf(ctx: Context, unitIds: readonly number[], period: Period): Promise<Rehabilitation[]> {
  const units = unitIds.map((id) => ({ id, atoms: ctx.gazetteer.atoms(id) }));
  const [totals, years] = await Promise.all([measureValues(ctx.knex, measures, units, period), measureYears(ctx.knex, measures)]);
  const yearly = years ? await yearlyMeasureValues(ctx.knex, measures, units, years.first, years.last) : new Map<number, Map<number, Counts>>();
  const nodes = unitIds.map((id) => ctx.gazetteer.byId(id)!);
  const yearList = years ? Array.from({ length: years.last - years.first + 1 }, (_, i) => years.first + i) : [];
  const [withheld, ...withheldByYear] = await Promise.all([
    withholding(ctx, nodes, period),
    ...yearList.map((year) => withholding(ctx, nodes, { from: `${year}-01-01`, to: `${year}-12-31` })),
  ]);
  const withheldIn = new Map(yearList.map((year, i) => [year, withheldByYear[i]]));
  return unitIds.map((id) => {
    const byYear = [...(yearly.get(id) ?? new Map<number, Counts>()).entries()]
      .filter(([, c]) => c.peopleInCommunityEducation > 0)
      .map(([year, c]) => Object.assign(new RehabilitationYear(), { year, ...visible(withheldIn.get(year)?.get(id) !== null, c) }));
    return Object.assign(new Rehabilitation(), { year: Number(period.from.slice(0, 4)), ...visible(withheld.get(id) !== null, totals.get(id)!), byYear });
  });
}

function loadRehabilitation(ctx: Context, unitId: number, period: Period) {
  return ctx.loader<number, Rehabilitation>(`rehabilitation|${period.from}|${period.to}`, (ids) => rehabilitationOf(ctx, ids, period)).load(unitId);
}

@Resolver(() => Rehabilitation)
export class RehabilitationResolver {
  @Query(() => Rehabilitation, {
    description: 'Community education in a unit (default: the province) for a year or from/to; any unit of any period, rolled along lineage.',
  })
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
