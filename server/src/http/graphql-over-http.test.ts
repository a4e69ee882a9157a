import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServer, type AuditResult } from 'graphql-http';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { testAuth } from '../testing';
import { startHub, type Hub } from '../app/hub';

let hub: Hub;
let endpoint: string;

beforeAll(async () => {
  hub = await startHub({ port: 0, host: '127.0.0.1', webDir: '/nonexistent', database: testDatabaseConfig(), auth: testAuth }, () => undefined);
  endpoint = `${hub.url}/graphql`;
  await hub.ready;
});
afterAll(async () => {
  await hub?.stop();
});

/** A GET of `query` as a GraphQL client sends it: CSRF prevention asks for a header a browser would only send after a CORS preflight. */
function get(query: string, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) {
  const url = new URL(endpoint);
  url.searchParams.set('query', query);
  return fetch(url, { headers });
}

describe('GraphQL over HTTP (graphql-http audit)', () => {
  it('passes every MUST of the audit; SHOULD and MAY shortfalls are printed', async () => {
    const results: AuditResult[] = await auditServer({ url: endpoint });
    const failed = results.filter((result) => result.status !== 'ok');
    const musts = results.filter((result) => result.name.startsWith('MUST'));
    const mustFailures = failed.filter((result) => result.name.startsWith('MUST'));
    const shortfalls = failed
      .filter((result) => !result.name.startsWith('MUST'))
      .map((result) => `  ${result.status} ${result.id} ${result.name}${'reason' in result ? ` — ${result.reason}` : ''}`);
    console.log(
      `[graphql-http audit] ${results.length - failed.length}/${results.length} passed; MUST ${musts.length - mustFailures.length}/${musts.length}` +
        (shortfalls.length ? `; not met (SHOULD/MAY):\n${shortfalls.join('\n')}` : ''),
    );
    for (const result of failed) if ('response' in result) await result.response.body?.cancel();
    expect(mustFailures.map((result) => `${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    expect(musts.length).toBeGreaterThan(10);
  });
});

describe('media types and methods', () => {
  it('answers application/graphql-response+json to a client that accepts it, application/json otherwise', async () => {
    const ask = (accept?: string) =>
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const modern = await ask('application/graphql-response+json, application/json;q=0.9');
    expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json; charset=utf-8/);
    expect(await modern.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await ask('application/json')).headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/);
    expect((await ask()).headers.get('content-type')).toMatch(/^application\/json/);
    const refused = await ask('text/csv');
    expect(refused.status).toBe(406);
    await refused.body?.cancel();
  });

  it('answers a query sent by GET', async () => {
    const res = await get('{ report(year: 2021) { crimeReportMailboxes } }');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { report: { crimeReportMailboxes: 729 } } });
  });

  it('keeps CSRF prevention: a GET without a JSON content-type or a preflight header is refused before it runs', async () => {
    const res = await get('{ __typename }', { accept: 'application/json' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery.*apollo-require-preflight/s);
  });

  it('never runs a mutation sent by GET: 405, only POST allowed', async () => {
    // Apollo refuses the operation type before anything runs (graphql 16 leaves a schema without mutations to execution).
    const res = await get('mutation { __typename }');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({
      message: 'GET requests only support query operations, not mutation operations',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('answers other methods with 405 and the methods it allows', async () => {
    const res = await fetch(endpoint, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    await res.body?.cancel();
  });

  it('routes a browser’s GET of /graphql to the IDE page only when it carries no query', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'apollo-require-preflight': 'true' };
    const page = await fetch(endpoint, { headers: browser });
    // This hub has no built web client, so the IDE route explains how to build it.
    expect(page.status).toBe(404);
    expect(await page.text()).toMatch(/GraphQL IDE is part of the web client/);
    const withQuery = await get('{ __typename }', browser);
    expect(withQuery.status).toBe(200);
    expect(withQuery.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await withQuery.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
