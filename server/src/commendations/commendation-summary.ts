import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { runSql } from '@anbinh/db';
import { CommendationForm, RecipientKind } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { AdminUnitNode } from '../geography/admin-unit.type';
import type { Period } from '../metrics/measures';
import { periodOf } from '../metrics/metric.resolver';
import { argDocs } from '../graphql/arguments';

@ObjectType('CommendationCount', { description: 'How many commendations of one form and recipient kind.' })
export class CommendationCount {
  @Field(() => CommendationForm, { description: 'The form of commendation.' }) form!: CommendationForm;
  @Field(() => RecipientKind, { description: 'Collective or individual.' }) recipientKind!: RecipientKind;
  @Field(() => Int, { description: 'How many.' }) count!: number;
}

@ObjectType('CommendationSummary', { description: 'Commendations awarded in a unit and period, counted.' })
export class CommendationSummary {
  @Field(() => Int, { description: 'All commendations in the period.' }) total!: number;
  @Field(() => [CommendationCount], { description: 'By form and recipient kind; sum them for either alone.' }) counts!: CommendationCount[];
}

async function summariesOf(ctx: Context, unitIds: readonly number[], period: Period): Promise<CommendationSummary[]> {
  const { rows } = await runSql(
    ctx.knex,
    `select ua.unit_id as "unitId", r.form, r.recipient_kind as "recipientKind", count(*)::int as count
     from commendation r join admin_unit_atom ua on ua.atom_id = r.atom_id and ua.unit_id = any(:units)
     where r.awarded_on between :from and :to
     group by 1, 2, 3 order by 1, 2, 3`,
    { units: [...unitIds], ...period },
  );
  return unitIds.map((id) => {
    const counts = (rows as (CommendationCount & { unitId: number })[])
      .filter((r) => r.unitId === id)
      .map(({ form, recipientKind, count }) => Object.assign(new CommendationCount(), { form, recipientKind, count }));
    return Object.assign(new CommendationSummary(), { total: counts.reduce((n, c) => n + c.count, 0), counts });
  });
}

@Resolver(() => AdminUnitNode)
export class AdminUnitCommendationSummaryResolver {
  @FieldResolver(() => CommendationSummary, { description: 'Commendations awarded in its territory in a year or from/to, counted by form and recipient kind.' })
  commendationSummary(
    @Root() unit: AdminUnitNode,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { nullable: true, description: argDocs.year }) year?: number | null,
    @Arg('from', () => DateScalar, { nullable: true, description: argDocs.from }) from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: argDocs.to }) to?: string | null,
  ): Promise<CommendationSummary> {
    const period = periodOf({ year, from, to });
    return ctx
      .loader<number, CommendationSummary>(`commendationSummary|${period.from}|${period.to}`, (ids) => summariesOf(ctx, ids, period))
      .load(unit.versionId);
  }
}
