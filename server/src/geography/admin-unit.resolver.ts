import { Arg, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { UnitLevel } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { DateScalar, GeoJSONScalar } from '../graphql/scalars';
import { checkGeometryOptions, searchUnits } from './admin-unit.service';
import { AdminUnitConnection, AdminUnitNode } from './admin-unit.type';
import { argDocs } from '../graphql/arguments';

@Resolver(() => AdminUnitNode)
export class AdminUnitResolver {
  @Query(() => AdminUnitConnection, {
    description:
      'Units of any period. `search` folds case and diacritics and also matches the names of units that became part of one. With `asOf`, only the division in force on that date.',
  })
  async adminUnits(
    @Ctx() ctx: Context,
    @Arg('search', () => String, { nullable: true, description: argDocs.search }) search?: string | null,
    @Arg('level', () => UnitLevel, { nullable: true, description: argDocs.level }) level?: UnitLevel | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
    @Arg('first', () => Int, { nullable: true, description: argDocs.first }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: argDocs.after }) after?: string | null,
    @Arg('last', () => Int, { nullable: true, description: argDocs.last }) last?: number | null,
    @Arg('before', () => String, { nullable: true, description: argDocs.before }) before?: string | null,
  ) {
    return searchUnits(ctx.knex, ctx.tokens.cursors, {
      search: search ?? undefined,
      level: level ?? undefined,
      asOf: asOf ?? undefined,
      page: { first, after, last, before },
    });
  }

  @Query(() => AdminUnitNode, { description: 'The version of a unit in force on `asOf`; without it, the latest version.' })
  adminUnit(
    @Ctx() ctx: Context,
    @Arg('code', () => String, { description: argDocs.code }) code: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
  ): AdminUnitNode {
    return ctx.gazetteer.find(code, asOf ?? undefined);
  }

  @FieldResolver(() => AdminUnitNode, { nullable: true, description: 'The parent unit in force when this version began.' })
  parent(@Root() unit: AdminUnitNode, @Ctx() ctx: Context): AdminUnitNode | null {
    return unit.parentCode ? ctx.gazetteer.at(unit.parentCode, unit.validFrom) : null;
  }

  @FieldResolver(() => [String], { description: 'Names of the earlier units whose territory is now part of this one, latest first.' })
  formerNames(@Root() unit: AdminUnitNode, @Ctx() ctx: Context): string[] {
    const earlier = ctx.gazetteer.ancestors(unit);
    const byRecency = [...earlier].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
    return [...new Set(byRecency.map((u) => u.name))].filter((name) => name !== unit.name);
  }

  @FieldResolver(() => [AdminUnitNode], { description: 'The units this one became when it ended (empty while in force).' })
  successors(@Root() unit: AdminUnitNode, @Ctx() ctx: Context): AdminUnitNode[] {
    return ctx.gazetteer.successors(unit);
  }

  @FieldResolver(() => [AdminUnitNode], { description: 'The units this one was formed from when it began.' })
  predecessors(@Root() unit: AdminUnitNode, @Ctx() ctx: Context): AdminUnitNode[] {
    return ctx.gazetteer.predecessors(unit);
  }

  @FieldResolver(() => GeoJSONScalar, {
    description: 'The territory as a GeoJSON MultiPolygon (lon/lat). `simplify` is a tolerance in degrees (0.001 ≈ 100 m).',
  })
  async geometry(
    @Root() unit: AdminUnitNode,
    @Ctx() ctx: Context,
    @Arg('precision', () => Int, { defaultValue: 6, description: 'Decimals per coordinate, 0–15.' }) precision: number,
    @Arg('simplify', () => Float, { defaultValue: 0, description: 'Simplification tolerance in degrees, 0–0.1.' }) simplify: number,
  ): Promise<object | null> {
    checkGeometryOptions(precision, simplify);
    return ctx.geometry.load(`${unit.versionId}:${precision}:${simplify}`);
  }
}
