import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { movementReport } from './report.service';
import { MovementReport } from './report.type';
import { argDocs } from '../graphql/arguments';

@Resolver()
export class ReportResolver {
  @Query(() => MovementReport, {
    description: 'The movement’s figures for a year in a unit (default: the province). Any unit of any period works; `asOf` picks which version of the code.',
  })
  async report(
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: argDocs.year }) year: number,
    @Arg('unitCode', () => String, { nullable: true, description: argDocs.unitCode }) unitCode?: string | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: argDocs.asOf }) asOf?: string | null,
  ): Promise<MovementReport> {
    return movementReport(ctx, year, unitCode ?? undefined, asOf ?? undefined);
  }
}
