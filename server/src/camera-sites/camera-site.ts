import { Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { fromGlobalId, Node } from '../graphql/node';
import { ConnectionType } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { LocatedRecordFilter } from '../records/record.inputs';
import { LocatedRecordNode, loadRecord, type RecordKind } from '../records/record';
import { recordResolver } from '../records/record.resolver';
import type { Writable } from '../records/record.writes';
import { SecurityModel, securityModelKind } from '../security-models/security-model';

@ObjectType('CameraSite', { implements: Node, description: 'A camera-surveillance site of the model “Camera giám sát an ninh trật tự”.' })
export class CameraSite extends LocatedRecordNode {
  @Field(() => String, { description: 'What the camera watches, e.g. “Camera cổng chợ”.' }) name!: string;
  @Field(() => Int, { description: 'Cameras at the site.' }) cameraCount!: number;
  @Field(() => DateScalar, { description: 'The day it was installed.' }) installedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Null while in place.' }) removedOn!: string | null;
  modelId!: number | null;
}

@InputType('CameraSiteFilter', { description: 'Which camera-surveillance sites to list.' })
export class CameraSiteFilter extends LocatedRecordFilter {
  @Field(() => [ID], { nullable: true, description: 'Only sites of these self-management models (global ids).' })
  modelIds?: string[] | null;
}

export const CameraSiteConnection = ConnectionType('CameraSite', CameraSite);

export const cameraSiteKind: RecordKind<CameraSite, CameraSiteFilter> = {
  typeName: 'CameraSite',
  queryName: 'cameraSites',
  description: 'Camera-surveillance sites; with from/to, those in place at some time in the period.',
  table: 'camera_site',
  node: CameraSite,
  filter: CameraSiteFilter,
  columns: { name: 'r.name', cameraCount: 'r.camera_count', installedOn: 'r.installed_on::text', removedOn: 'r.removed_on::text', modelId: 'r.model_id' },
  period: { from: 'r.installed_on', to: 'r.removed_on' },
  nameColumn: 'name',
  located: true,
  where: (f) => (f.modelIds?.length ? [{ sql: 'r.model_id = any(?)', bindings: [f.modelIds.map((id) => fromGlobalId(id, 'filter.modelIds').id)] }] : []),
};

@Resolver(() => CameraSite)
export class CameraSiteResolver extends recordResolver(cameraSiteKind, CameraSiteConnection) {
  @FieldResolver(() => SecurityModel, { nullable: true, description: 'The self-management model the site belongs to.' })
  model(@Root() site: CameraSite, @Ctx() ctx: Context) {
    return site.modelId === null ? null : loadRecord(ctx, securityModelKind, site.modelId);
  }
}

/** What officers may write, and the checks (create, update, close: records/record.writes.ts). */
export const cameraSiteWritable: Writable = {
  fields: {
    name: { type: 'text', column: 'name', max: 300, description: 'What the cameras watch.' },
    cameraCount: { type: 'int', column: 'camera_count', min: 1, max: 100, default: 1, description: 'Cameras at the site.' },
    installedOn: { type: 'date', column: 'installed_on', description: 'The day it was installed.' },
  },
  start: (v) => v.installedOn as string,
  startField: 'installedOn',
  end: { field: 'removedOn', column: 'removed_on' },
  location: 'point',
  noCreate: true, // recordCameraSite, which also links a model
};
