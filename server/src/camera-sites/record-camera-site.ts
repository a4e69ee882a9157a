import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DateScalar, GeoJSONScalar } from '../graphql/scalars';
import { requireWriter } from '../access/viewer';
import { modelOfUnit } from '../security-models/model-of-unit';
import { recordsById } from '../records/record';
import { writerOf } from '../records/catalogue';
import { CameraSite, cameraSiteKind } from './camera-site';

@InputType({ description: 'A camera-surveillance site to record. Checked whole before anything is written.' })
export class RecordCameraSiteInput {
  @Field(() => GeoJSONScalar, { description: 'Where it is: a GeoJSON Point [longitude, latitude] inside the province.' }) location!: unknown;
  @Field(() => String, { nullable: true, description: 'The commune it belongs to; the point must lie in it. Left out: the commune in force on installedOn that holds the point.' }) unitCode?: string | null;
  @Field(() => String, { description: 'What the cameras watch, 1–300 characters.' }) name!: string;
  @Field(() => Int, { defaultValue: 1, description: 'Cameras at the site, 1–100.' }) cameraCount!: number;
  @Field(() => DateScalar, { description: 'The day it was installed: not in the future.' }) installedOn!: string;
  @Field(() => ID, { nullable: true, description: 'The self-management model it belongs to, in the same unit.' }) modelId?: string | null;
}

@Resolver()
export class RecordCameraSiteResolver {
  @Mutation(() => CameraSite, { description: 'Records a camera-surveillance site (officers in their units, admins anywhere), with its audit entry and change-feed row in one transaction.' })
  async recordCameraSite(@Ctx() ctx: Context, @Arg('input', () => RecordCameraSiteInput, { description: 'The site.' }) input: RecordCameraSiteInput): Promise<CameraSite> {
    requireWriter(ctx, 'record camera sites');
    // The checks of every camera-site write (updateCameraSite's too), then the model, which only this one links.
    const writer = writerOf(cameraSiteKind);
    const row = await writer.checkedNew(ctx, input as unknown as Record<string, unknown>);
    if (input.modelId) {
      row.columns.push('model_id');
      row.placeholders.push('?');
      row.bindings.push(await modelOfUnit(ctx, input.modelId, row.unit));
    }
    const id = await ctx.knex.transaction((trx) => writer.insert(trx, ctx, row, 'recordCameraSite'));
    const [created] = await recordsById(ctx, cameraSiteKind as never, [id]);
    return created as CameraSite;
  }
}
