import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, specifiedRules, validate, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { runSql, type Knex } from '@anbinh/db';
import type { Viewer } from '../access/viewer';
import { userError } from '../graphql/errors';
import { maxDocumentTokens } from '../graphql/limits';

/** A registered document's hash: SHA-256 of its exact text, in hex, as automatic persisted queries compute it. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The refusal a trusted-documents token gets for anything not registered (HTTP 400). */
export function notAllowed(reason: string): GraphQLError {
  return userError(
    `${reason} This token runs only the documents an admin registered (registerDocument): send one of them, by its SHA-256 in extensions.persistedQuery.sha256Hash, or ask the hub's admin to register yours.`,
    'PERSISTED_QUERY_NOT_ALLOWED',
    { http: { status: 400 } },
  );
}

/** What a request carries of its document: its text, and the hash named in `extensions.persistedQuery`. */
export interface DocumentRequest {
  query?: string;
  extensions?: Record<string, unknown> | null;
}

/**
 * The text a trusted-documents token may run for this request: the registered
 * document its hash (or its text's hash) names, read from the primary, so a
 * registration or a removal on any server of the cluster counts at once.
 * Anything else is refused with PERSISTED_QUERY_NOT_ALLOWED.
 */
export async function trustedText(primary: Knex, request: DocumentRequest): Promise<string> {
  const named = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  const text = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
  if (named !== undefined && typeof named !== 'string') throw notAllowed('extensions.persistedQuery.sha256Hash must be a string.');
  if (text !== undefined && named !== undefined && documentHash(text) !== named)
    throw notAllowed('The query text does not hash to the sha256Hash sent with it.');
  const hash = named ?? (text === undefined ? undefined : documentHash(text));
  if (hash === undefined) throw notAllowed('The request names no document.');
  const { rows } = await runSql(primary, 'select document from trusted_document where hash = ?', [hash]);
  const registered = (rows as { document: string }[])[0]?.document;
  if (registered === undefined) throw notAllowed(text === undefined ? `No document is registered with hash ${hash}.` : 'This document is not registered.');
  return registered;
}

/**
 * Over HTTP (POST and GET): a trusted-documents token's request runs the registered
 * text, and never touches the automatic-persisted-query store; other callers pass as before.
 * Apollo turns an error thrown at the request's start into an internal one, so a refused
 * request carries a placeholder document to the first hook whose errors reach the client.
 */
export function trustedDocumentsPlugin<C extends { viewer: Viewer; primary: Knex }>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: async ({ request, contextValue }) => {
      if (contextValue.viewer.docs !== 'trusted') return;
      let refusal: GraphQLError | undefined;
      try {
        request.query = await trustedText(contextValue.primary, request);
      } catch (error) {
        refusal = error as GraphQLError;
        Object.assign(request, { query: '{ __typename }', operationName: undefined });
      }
      if (request.extensions) delete request.extensions.persistedQuery;
      if (refusal === undefined) return;
      return {
        didResolveOperation: async () => {
          throw refusal;
        },
      };
    },
  };
}

/** Refuses a document that would never run: one that does not parse or does not fit the schema. */
export function checkDocument(schema: GraphQLSchema, text: string): void {
  let document;
  try {
    document = parse(text, { maxTokens: maxDocumentTokens });
  } catch (error) {
    throw userError(`The document does not parse: ${(error as Error).message}`);
  }
  const errors = validate(schema, document, specifiedRules);
  if (errors.length > 0) throw userError(`The document does not fit the schema: ${errors[0].message}`);
}

export interface RegisteredDocument {
  hash: string;
  name: string;
  document: string;
  registeredBy: string;
  registeredAt: Date;
}

const columns = 'hash, name, document, registered_by as "registeredBy", registered_at as "registeredAt"';

/** Registers a document (again: its name and registrant are updated); the same text always has the same hash. */
export async function registerDocument(knex: Knex, text: string, name: string, by: string): Promise<RegisteredDocument> {
  const { rows } = await runSql(
    knex,
    `insert into trusted_document (hash, name, document, registered_by) values (?, ?, ?, ?)
     on conflict (hash) do update set name = excluded.name, registered_by = excluded.registered_by, registered_at = now()
     returning ${columns}`,
    [documentHash(text), name, text, by],
  );
  return (rows as RegisteredDocument[])[0];
}

export async function listDocuments(knex: Knex): Promise<RegisteredDocument[]> {
  const { rows } = await runSql(knex, `select ${columns} from trusted_document order by name, hash`);
  return rows as RegisteredDocument[];
}

/** Whether a document was registered with that hash (and is no longer). */
export async function removeDocument(knex: Knex, hash: string): Promise<boolean> {
  const { rows } = await runSql(knex, 'delete from trusted_document where hash = ? returning hash', [hash]);
  return rows.length > 0;
}

/**
 * TRUSTED_DOCUMENTS_FILE: a persisted-query manifest (`{ "operations": [{ "id", "name", "body" }] }`,
 * as Apollo's generate-persisted-query-manifest writes it), registered at start.
 * An entry whose id is not its body's SHA-256, or whose body does not fit the schema, stops the start with its name.
 */
export async function loadDocumentsFile(knex: Knex, schema: GraphQLSchema, path: string): Promise<number> {
  let manifest: { operations?: unknown };
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as { operations?: unknown };
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS_FILE (${path}) could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(manifest.operations)) throw new Error(`TRUSTED_DOCUMENTS_FILE (${path}) must hold {"operations": [{"id", "name", "body"}, …]}.`);
  const entries = manifest.operations as { id?: unknown; name?: unknown; body?: unknown }[];
  for (const [i, entry] of entries.entries()) {
    const where = `TRUSTED_DOCUMENTS_FILE (${path}), operation ${i + 1}${typeof entry.name === 'string' ? ` (${entry.name})` : ''}`;
    if (typeof entry.body !== 'string' || typeof entry.name !== 'string' || entry.name === '' || entry.name.length > 200)
      throw new Error(`${where}: each operation needs a "name" (up to 200 characters) and a "body" (the document text).`);
    if (entry.id !== undefined && entry.id !== documentHash(entry.body))
      throw new Error(`${where}: its id is not the SHA-256 of its body (${documentHash(entry.body)}).`);
    try {
      checkDocument(schema, entry.body);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  await knex.transaction(async (trx) => {
    for (const entry of entries) await registerDocument(trx, entry.body as string, entry.name as string, 'file');
  });
  return entries.length;
}
