import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { runSql } from '@anbinh/db';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { DateScalar, GeoJSONScalar } from '../graphql/scalars';
import { atomAt, checkPoint, cleanText, modelOfUnit, notInFuture, requireCovers, requireWriter, writeAudited } from '../access/writes';
import { recordsById } from '../records/record';
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
    notInFuture(input.installedOn, 'installedOn');
    const point = checkPoint(input.location, 'location');
    const atom = await atomAt(ctx.knex, point, 'location');
    const unit = input.unitCode ? ctx.gazetteer.find(input.unitCode.trim(), input.installedOn) : ctx.gazetteer.communeOfAtom(atom, input.installedOn);
    if (!unit) throw userError(`No commune held that point on ${input.installedOn}; check the date.`);
    if (!ctx.gazetteer.atoms(unit.versionId).includes(atom)) {
      const holder = ctx.gazetteer.communeOfAtom(atom, input.installedOn);
      throw userError(`location lies in ${holder?.name ?? 'another unit'}, not in ${unit.name}: fix the point or the unit (or leave unitCode out).`);
    }
    requireCovers(ctx, unit, atom, input.installedOn);
    if (!Number.isInteger(input.cameraCount) || input.cameraCount < 1 || input.cameraCount > 100) throw userError('cameraCount must be a whole number from 1 to 100.');
    const row = {
      unitId: unit.versionId, atomId: atom, name: cleanText(input.name, 'name', 300), cameraCount: input.cameraCount, installedOn: input.installedOn,
      modelId: input.modelId ? await modelOfUnit(ctx, input.modelId, unit) : null, lon: point[0], lat: point[1],
    };
    const id = await writeAudited(ctx, 'recordCameraSite', 'camera_site', async (trx) => {
      const { rows } = await runSql(trx,
        `insert into camera_site (unit_id, atom_id, sample, name, camera_count, installed_on, model_id, location)
         values (:unitId, :atomId, false, :name, :cameraCount, :installedOn, :modelId, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
         returning id, unit_id, atom_id, name, camera_count, installed_on::text, model_id, ST_AsGeoJSON(location)::json as location`,
        row,
      );
      return { before: null, after: rows[0] };
    });
    const [created] = await recordsById(ctx, cameraSiteKind as never, [id]);
    return created as CameraSite;
  }
}
