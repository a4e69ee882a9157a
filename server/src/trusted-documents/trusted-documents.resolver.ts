import { Arg, Ctx, Field, InputType, Info, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Role } from '@anbinh/shared';
import { requireRole } from '../access/viewer';
import type { Context } from '../graphql/context';
import { fieldError } from '../graphql/errors';
import { DateTimeScalar } from '../graphql/scalars';
import { checkDocument, listDocuments, registerDocument, removeDocument } from './trusted-documents';

@ObjectType({ description: 'A reviewed GraphQL document that tokens with `docs: trusted` may run, by its hash.' })
export class TrustedDocument {
  @Field(() => String, { description: 'SHA-256 of the exact text, in hex: what a client sends as extensions.persistedQuery.sha256Hash.' })
  hash!: string;

  @Field(() => String, { description: 'What the document is for, as the admin named it.' })
  name!: string;

  @Field(() => String, { description: 'The document text.' })
  document!: string;

  @Field(() => String, { description: 'Who registered it: an admin’s token subject, or `file` for TRUSTED_DOCUMENTS_FILE.' })
  registeredBy!: string;

  @Field(() => DateTimeScalar, { description: 'When it was registered, or last registered again.' })
  registeredAt!: Date;
}

@InputType({ description: 'A reviewed document to register, and what it is for.' })
export class RegisterDocumentInput {
  @Field(() => String, { description: 'The document text, exactly as the partner’s client sends it (its hash is over these characters).' })
  document!: string;

  @Field(() => String, { description: 'What the document is for (up to 200 characters).' })
  name!: string;
}

const what = 'manage trusted documents';

@Resolver()
export class TrustedDocumentResolver {
  @Query(() => [TrustedDocument], { description: 'The registered documents, by name. Admins only.' })
  async trustedDocuments(@Ctx() ctx: Context): Promise<TrustedDocument[]> {
    requireRole(ctx.viewer, [Role.ADMIN], what);
    return listDocuments(ctx.primary);
  }

  @Mutation(() => TrustedDocument, {
    description: 'Registers a reviewed document (again: renames it); tokens with `docs: trusted` may then run it by its hash. Admins only.',
  })
  async registerDocument(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('input', () => RegisterDocumentInput, { description: 'The document and its name.' }) input: RegisterDocumentInput,
  ): Promise<TrustedDocument> {
    requireRole(ctx.viewer, [Role.ADMIN], what);
    const name = input.name.trim();
    if (name === '') throw fieldError('name', 'REQUIRED', 'Name the document: what it is for, as a partner would recognise it.');
    if (name.length > 200) throw fieldError('name', 'TOO_LONG', `The name has ${name.length} characters; it may have up to 200.`);
    if (input.document.trim() === '') throw fieldError('document', 'REQUIRED', 'Send the document text.');
    checkDocument(info.schema, input.document);
    return registerDocument(ctx.knex, input.document, name, ctx.viewer.subject ?? 'admin');
  }

  @Mutation(() => Boolean, {
    description: 'Removes a registered document: true if there was one with that hash. Tokens with `docs: trusted` may no longer run it. Admins only.',
  })
  async removeDocument(
    @Ctx() ctx: Context,
    @Arg('hash', () => String, { description: 'The document’s SHA-256, as trustedDocuments lists it.' }) hash: string,
  ): Promise<boolean> {
    requireRole(ctx.viewer, [Role.ADMIN], what);
    if (!/^[0-9a-f]{64}$/.test(hash)) throw fieldError('hash', 'INVALID_FORMAT', 'A document’s hash is 64 lowercase hexadecimal characters (SHA-256).');
    return removeDocument(ctx.knex, hash);
  }
}
