import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '@anbinh/shared';
import { testAuth, useRunningHub } from '../testing';
import { Tokens } from '../access/tokens';
import { documentHash } from './trusted-documents';

const fromFile = 'query UnitName { adminUnit(code: "12442") { name } }';
const manifest = join(mkdtempSync(join(tmpdir(), 'anbinh-trusted-')), 'manifest.json');
writeFileSync(
  manifest,
  JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [{ id: documentHash(fromFile), name: 'UnitName', type: 'query', body: fromFile }],
  }),
);

const running = useRunningHub({ trustedDocumentsFile: manifest });
const { gql, token } = running;
const tokens = new Tokens(testAuth);
const trustedToken = async () => (await tokens.sign({ sub: 'partner-system', role: Role.PARTNER, units: ['12442'], docs: 'trusted' })).token;

const viewerDoc = 'query Me { viewer { role units } }';
const feedDoc = 'subscription Feed($after: String) { changes(after: $after, types: [COMMENDATION]) { type entityId } }';

/** POST /graphql with whatever body the test sends. */
async function post(body: Record<string, unknown>, bearer: string) {
  const res = await fetch(`${running.hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] }) };
}

const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

async function register(document: string, name: string) {
  const result = await gql(
    'mutation ($document: String!, $name: String!) { registerDocument(input: { document: $document, name: $name }) { hash name registeredBy } }',
    { document, name },
    await token(Role.ADMIN),
  );
  expect(result.errors).toBeUndefined();
  return result.data.registerDocument as { hash: string; name: string; registeredBy: string };
}

describe('trusted documents', () => {
  it('are registered, listed and removed by admins only, with the hash automatic persisted queries compute', async () => {
    const registered = await register(viewerDoc, 'Who am I');
    expect(registered).toEqual({ hash: documentHash(viewerDoc), name: 'Who am I', registeredBy: 'test-admin' });
    const listed = await gql('{ trustedDocuments { hash name registeredBy } }', {}, await token(Role.ADMIN));
    expect(listed.data.trustedDocuments).toEqual(
      expect.arrayContaining([registered, { hash: documentHash(fromFile), name: 'UnitName', registeredBy: 'file' }]),
    );
    for (const [role, code] of [
      [Role.PARTNER, 'FORBIDDEN'],
      [Role.OFFICER, 'FORBIDDEN'],
    ] as const) {
      const refused = await gql(
        'mutation { registerDocument(input: { document: "{ viewer { role } }", name: "x" }) { hash } }',
        {},
        await token(role, ['12442']),
      );
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code }, message: expect.stringMatching(/may not manage trusted documents/) });
      expect((await gql('{ trustedDocuments { hash } }', {}, await token(role, ['12442']))).errors?.[0].extensions.code).toBe(code);
    }
    const anonymous = await gql('mutation { removeDocument(hash: "00") }');
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const invalid = await gql('mutation { registerDocument(input: { document: "{ noSuchField }", name: "broken" }) { hash } }', {}, await token(Role.ADMIN));
    expect(invalid.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/does not fit the schema/) });
  });

  it('let a trusted token run its registered documents by hash (POST and GET) or by text, and refuse any other', async () => {
    const { hash } = await register(viewerDoc, 'Who am I');
    const bearer = await trustedToken();
    expect(await post(byHash(hash), bearer)).toMatchObject({ status: 200, data: { viewer: { role: 'PARTNER', units: ['12442'] } } });
    expect(await post({ query: viewerDoc }, bearer)).toMatchObject({ status: 200, data: { viewer: { role: 'PARTNER' } } });
    expect(await post(byHash(documentHash(fromFile)), bearer)).toMatchObject({ data: { adminUnit: { name: expect.any(String) } } });
    const params = new URLSearchParams({ extensions: JSON.stringify(byHash(hash).extensions) });
    const got = await fetch(`${running.hub.url}/graphql?${params}`, { headers: { authorization: `Bearer ${bearer}`, 'apollo-require-preflight': 'true' } });
    expect(await got.json()).toMatchObject({ data: { viewer: { role: 'PARTNER' } } });

    const other = await post({ query: '{ viewer { role subject } }' }, bearer);
    expect(other).toMatchObject({
      status: 400,
      errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' }, message: expect.stringMatching(/not registered/) }],
    });
    expect(other.data).toBeUndefined();
    const unknown = await post(byHash('0'.repeat(64)), bearer);
    expect(unknown).toMatchObject({
      status: 400,
      errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' }, message: expect.stringMatching(/No document is registered with hash 0{64}/) }],
    });
    // Registering through automatic persisted queries (text with its hash) is no way in either.
    const text = '{ viewer { subject } }';
    const apq = await post({ query: text, ...byHash(documentHash(text)) }, bearer);
    expect(apq.errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    // A document the admin removes stops running at once.
    const removed = await gql(`mutation { removeDocument(hash: "${hash}") }`, {}, await token(Role.ADMIN));
    expect(removed.data.removeDocument).toBe(true);
    expect((await post(byHash(hash), bearer)).errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('leave every other token as it was, automatic persisted queries included', async () => {
    const bearer = await token(Role.PARTNER, ['12442']);
    const text = '{ viewer { role subject } }';
    const hash = documentHash(text);
    expect((await post(byHash(hash), bearer)).errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await post({ query: text, ...byHash(hash) }, bearer)).toMatchObject({ data: { viewer: { role: 'PARTNER', subject: 'test-partner' } } });
    expect(await post(byHash(hash), bearer)).toMatchObject({ data: { viewer: { role: 'PARTNER' } } });
    expect(await post({ query: '{ viewer { units } }' }, bearer)).toMatchObject({ data: { viewer: { units: ['12442'] } } });
  });

  it('hold over graphql-ws: a trusted token subscribes by hash, and is refused another subscription', async () => {
    const { hash } = await register(feedDoc, 'Commendations as they happen');
    const client = createClient({
      url: running.hub.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${await trustedToken()}` },
    });
    try {
      const refused = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription { changes { cursor } }' }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
      });
      expect(refused).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } })]);
      const unknown = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: '', extensions: byHash('f'.repeat(64)).extensions },
          { next: () => undefined, error: resolve, complete: () => resolve(null) },
        );
      });
      expect(unknown).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } })]);

      const received: { type: string; entityId: string }[] = [];
      const errors: unknown[] = [];
      const officer = await token(Role.OFFICER, ['12442']);
      const start = (await gql('{ changes(first: 1) { endCursor } }', {}, officer)).data.changes.endCursor as string;
      client.subscribe(
        { query: '', variables: { after: start }, extensions: byHash(hash).extensions },
        { next: (value) => received.push((value.data as any).changes), error: (e) => errors.push(e), complete: () => undefined },
      );
      const awarded = await gql(
        'mutation { awardCommendation(input: { unitCode: "12442", recipientKind: INDIVIDUAL, recipientName: "Bà Trần Thị H", form: LETTER_OF_COMMENDATION, awardedOn: "2024-05-04", reason: "Tố giác tội phạm" }) { id } }',
        {},
        officer,
      );
      const id = awarded.data.awardCommendation.id as string;
      const end = Date.now() + 10_000;
      while (received.length === 0 && errors.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(errors).toEqual([]);
      expect(received).toEqual([{ type: 'COMMENDATION', entityId: id }]);
    } finally {
      await client.dispose();
    }
  });
});
