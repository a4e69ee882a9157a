import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { testAuth } from '../testing';
import { startHub, type Hub } from '../app/hub';

let hub: Hub;
let base: string;

beforeAll(async () => {
  hub = await startHub({ port: 0, host: '127.0.0.1', webDir: '/nonexistent', database: testDatabaseConfig(), auth: testAuth }, () => undefined);
  base = hub.url;
  await hub.ready;
});
afterAll(async () => {
  await hub?.stop();
});

async function post(query: string) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

describe('HTTP edge', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('serves GraphQL at /graphql', async () => {
    const { status, body } = await post('{ report(year: 2021) { crimeReportMailboxes } }');
    expect(status).toBe(200);
    expect(body.data.report.crimeReportMailboxes).toBe(729);
  });

  it('gives a malformed date BAD_USER_INPUT with a sentence, not a validation dump', async () => {
    const { body } = await post('{ adminUnit(code: "12778", asOf: "2021-31-12") { name } }');
    expect(body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toMatch(/not a real calendar date/);
    expect(body.errors![0].extensions.stacktrace).toBeUndefined();
  });

  it('serves a page at / that loads nothing from elsewhere', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toMatch(/https?:\/\//);
  });
});
