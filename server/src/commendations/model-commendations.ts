import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { argDocs } from '../graphql/arguments';
import { nestedRecords } from '../records/record';
import { SecurityModel } from '../security-models/security-model';
import { CommendationConnection, commendationKind } from './commendation';

/** A model's commendations, resolved beside them: a commendation names its model, and the model needs to know nothing of commendations. */
@Resolver(() => SecurityModel)
export class SecurityModelCommendationsResolver {
  @FieldResolver(() => CommendationConnection, { description: 'Commendations given for its work (first N, newest first).' })
  commendations(@Root() model: SecurityModel, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 20, description: argDocs.first }) first: number) {
    return nestedRecords(ctx, commendationKind, { column: 'model_id' }, model.dbId, { first });
  }
}
