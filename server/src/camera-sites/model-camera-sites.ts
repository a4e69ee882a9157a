import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { argDocs } from '../graphql/arguments';
import { nestedRecords } from '../records/record';
import { SecurityModel } from '../security-models/security-model';
import { CameraSiteConnection, cameraSiteKind } from './camera-site';

/** A model's camera sites, resolved beside the sites: a site names its model, and the model needs to know nothing of sites. */
@Resolver(() => SecurityModel)
export class SecurityModelCameraSitesResolver {
  @FieldResolver(() => CameraSiteConnection, { description: 'Its camera-surveillance sites (first N, newest first).' })
  cameraSites(@Root() model: SecurityModel, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 20, description: argDocs.first }) first: number) {
    return nestedRecords(ctx, cameraSiteKind, { column: 'model_id' }, model.dbId, { first });
  }
}
