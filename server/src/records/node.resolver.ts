import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { fromGlobalId, Node } from '../graphql/node';
import { recordTypeOf } from './catalogue';
import { loadRecord } from './record';
import { argDocs } from '../graphql/arguments';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null if it no longer exists.' })
  async node(@Ctx() ctx: Context, @Arg('id', () => ID, { description: argDocs.id }) id: string): Promise<Node | null> {
    const { type, id: dbId } = fromGlobalId(id);
    if (type === 'AdminUnit') return ctx.gazetteer.byId(dbId);
    const kind = recordTypeOf({ typeName: type })?.kind;
    if (!kind) throw userError(`"${id}" is not a global id issued by this API: use the id field of an object.`);
    return loadRecord(ctx, kind, dbId);
  }
}
