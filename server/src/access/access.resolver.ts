import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { DateTimeScalar } from '../graphql/scalars';
import { decoyHash, verifyPassword } from './passwords';

@ObjectType({ description: 'Who the hub takes the caller to be.' })
export class ViewerInfo {
  @Field(() => Role, { description: 'PUBLIC without a token.' })
  role!: Role;

  @Field(() => String, { nullable: true, description: 'The token’s subject: a username or an identity provider’s id.' })
  subject!: string | null;

  @Field(() => [String], { description: 'Codes of the units the caller acts for (officers, partners).' })
  units!: string[];
}

@ObjectType({ description: 'A signed token for the Authorization header ("Bearer <token>") or graphql-ws connection_init.' })
export class SignIn {
  @Field(() => String, { description: 'The JWT.' })
  token!: string;

  @Field(() => DateTimeScalar, { description: 'When the token stops being accepted.' })
  expiresAt!: Date;

  @Field(() => ViewerInfo, { description: 'Who the token makes its bearer.' })
  viewer!: ViewerInfo;
}

@Resolver()
export class AccessResolver {
  @Query(() => ViewerInfo, { description: 'The caller, as its token (or its absence) makes it.' })
  viewer(@Ctx() ctx: Context): ViewerInfo {
    return { role: ctx.viewer.role, subject: ctx.viewer.subject, units: [...ctx.viewer.units] };
  }

  @Mutation(() => SignIn, { description: 'Signs in a user of the hub’s own user store and returns a token. The same error for a wrong username or password.' })
  async signIn(
    @Ctx() ctx: Context,
    @Arg('username', () => String, { description: 'The user’s name.' }) username: string,
    @Arg('password', () => String, { description: 'The user’s password.' }) password: string,
  ): Promise<SignIn> {
    if (username.length > 80 || password.length > 200) throw userError('The username or the password is too long.');
    const { rows } = await runSql(ctx.knex, 'select username, role, units, password_hash, disabled from app_user where username = ?', [
      username.normalize('NFC'),
    ]);
    const user = rows[0] as { username: string; role: Role; units: string[]; password_hash: string; disabled: boolean } | undefined;
    const matches = await verifyPassword(user?.password_hash ?? decoyHash, password);
    if (!user || !matches || user.disabled) throw userError('The username or password is wrong, or the account is disabled.', 'UNAUTHENTICATED');
    const { token, expiresAt } = await ctx.tokens.sign({ sub: user.username, role: user.role, units: user.units });
    return { token, expiresAt, viewer: { role: user.role, subject: user.username, units: user.units } };
  }
}
