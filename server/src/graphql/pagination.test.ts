import { describe, expect, it } from 'vitest';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';
import { loadConfig } from '../config';
import { Cursors } from './pagination';

const hub = useTestHub();
const officer = viewerAs(Role.OFFICER, ['12442']);
const knex = () => hub.orm.em.getKnex();

async function data(source: string, variables?: Record<string, unknown>) {
  const result = await hub.query(source, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

const sitesQuery = `query ($orderBy: [RecordOrder!], $first: Int, $after: String, $last: Int, $before: String, $near: Near) {
  cameraSites(filter: { unitCode: "340", near: $near }, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }
  }
}`;
const sites = async (variables: Record<string, unknown>): Promise<Page> => (await data(sitesQuery, variables)).cameraSites;
const ids = (page: Page) => page.edges.map((e) => e.node.id);
const tranTemple = { longitude: 106.139722, latitude: 20.601667 };

/** Every page from the start, following endCursor. */
async function allPages(read: (after: string | null) => Promise<Page>): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await read(after);
    out.push(...ids(page));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

/** The error of a query expected to be refused. */
async function refusal(source: string, variables?: Record<string, unknown>) {
  const result = await hub.query(source, variables);
  expect(result.data?.cameraSites ?? result.data?.commendations ?? result.data?.adminUnits ?? null).toBeNull();
  return result.errors![0];
}

describe('keyset pages', () => {
  it.each([['DATE_DESC'], ['DATE_ASC'], ['ID_ASC'], ['NAME_ASC'], ['DATE_DESC', 'NAME_ASC'], ['NAME_ASC', 'DATE_DESC']])(
    'pages of 7 in %s order follow each other without a gap or a repeat',
    async (...order) => {
      const whole = ids(await sites({ orderBy: order, first: 100 }));
      const paged = (await allPages((after) => sites({ orderBy: order, first: 7, after }))).slice(0, 100);
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(paged.length);
    },
  );

  it('pages by distance across the records without a location (null distances, last)', async () => {
    const q = `query ($after: String) { securityModels(filter: { unitCode: "340", near: { longitude: 106.139722, latitude: 20.601667 } }, first: 100, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id distanceMetres } }
    } }`;
    const pages: Page[] = [];
    const all = await allPages(async (after) => {
      const page = (await data(q, { after })).securityModels;
      pages.push(page);
      return page;
    });
    const distances = pages.flatMap((p) => p.edges.map((e) => (e.node as unknown as { distanceMetres: number | null }).distanceMetres));
    expect(all).toHaveLength(pages[0].totalCount!);
    expect(new Set(all).size).toBe(all.length);
    const located = distances.filter((d): d is number => d !== null);
    expect(located.length).toBeGreaterThan(0);
    expect(located.length).toBeLessThan(distances.length); // some have no location: the page boundaries cross into them
    expect(distances.slice(0, located.length)).toEqual([...located].sort((a, b) => a - b));
  });

  it('pages backwards with last/before to the same items, and reports the ends', async () => {
    const whole = ids(await sites({ first: 30 }));
    const third = await sites({ first: 10, after: (await sites({ first: 20 })).pageInfo.endCursor });
    expect(ids(third)).toEqual(whole.slice(20, 30));
    const second = await sites({ last: 10, before: third.pageInfo.startCursor });
    expect(ids(second)).toEqual(whole.slice(10, 20));
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const first = await sites({ last: 10, before: second.pageInfo.startCursor });
    expect(ids(first)).toEqual(whole.slice(0, 10));
    expect(first.pageInfo.hasPreviousPage).toBe(false);
    const between = await sites({ first: 50, after: first.pageInfo.endCursor, before: third.pageInfo.startCursor });
    expect(ids(between)).toEqual(whole.slice(10, 20));
  });

  it('a page after a cursor stays the same when records are added before it', async () => {
    const q = `query ($after: String) { valuableTips(filter: { unitCode: "12442", from: "2024-01-01", to: "2024-12-31" }, first: 3, after: $after) {
      pageInfo { endCursor } edges { cursor node { id } }
    } }`;
    const create = (receivedOn: string) =>
      hub.query(`mutation { createValuableTip(input: { unitCode: "12442", channel: HOTLINE, receivedOn: "${receivedOn}" }) { id } }`, {}, officer);
    for (const day of ['2024-06-01', '2024-06-02', '2024-06-03', '2024-06-04', '2024-06-05', '2024-06-06']) expect((await create(day)).errors).toBeUndefined();
    const first = (await data(q)).valuableTips as Page;
    const next = ids((await data(q, { after: first.pageInfo.endCursor })).valuableTips);
    expect(next).toHaveLength(3);
    // Newest first: a later tip, and one on the cursor's own day (a higher id), both come before the cursor.
    const [, cursorDay] = JSON.parse(Buffer.from(first.pageInfo.endCursor!.split('.')[0], 'base64url').toString()) as string[];
    for (const day of ['2024-12-31', cursorDay]) expect((await create(day)).errors).toBeUndefined();
    expect(ids((await data(q, { after: first.pageInfo.endCursor })).valuableTips)).toEqual(next);
    expect(ids((await data(q)).valuableTips)).not.toEqual(ids(first)); // the start moved; the page after the cursor did not
  });

  it('continues a nested list in the collection query: its cursors are the collection’s', async () => {
    const nested = (await data(`{ adminUnit(code: "340") { cameraSites(first: 4) { edges { cursor node { id } } } } }`)).adminUnit.cameraSites as Page;
    const whole = ids(await sites({ first: 8 }));
    expect(ids(nested)).toEqual(whole.slice(0, 4));
    expect(ids(await sites({ first: 4, after: nested.edges[3].cursor }))).toEqual(whole.slice(4, 8));
  });

  it('pages a unit search by its ranking', async () => {
    const q = `query ($after: String, $before: String, $last: Int, $first: Int) { adminUnits(search: "hong", first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage startCursor endCursor } edges { cursor node { id } }
    } }`;
    const whole = ids((await data(q, { first: 100 })).adminUnits);
    expect(whole.length).toBeGreaterThan(6);
    const paged = await allPages(async (after) => (await data(q, { first: 3, after })).adminUnits);
    expect(paged).toEqual(whole);
    const tail = (await data(q, { last: 3 })).adminUnits as Page;
    expect(ids(tail)).toEqual(whole.slice(-3));
    expect(ids((await data(q, { last: 3, before: tail.pageInfo.startCursor })).adminUnits)).toEqual(whole.slice(-6, -3));
  });
});

describe('cost', () => {
  it('counts the total only when totalCount is asked for', async () => {
    const statements: string[] = [];
    const listen = (q: { sql: string }) => statements.push(q.sql);
    knex().on('query', listen);
    try {
      await data(`{ cameraSites(first: 5) { edges { cursor } } }`);
      expect(statements.some((s) => /count\(\*\)/.test(s))).toBe(false);
      await data(`{ cameraSites(first: 5) { totalCount } }`);
      expect(statements.some((s) => /count\(\*\)/.test(s))).toBe(true);
    } finally {
      knex().off('query', listen);
    }
  });

  it('reads a deep page through the (date, id) index from the cursor, with no offset and no sort', async () => {
    const deep = await sites({ first: 100 });
    const statements: { sql: string; bindings: unknown[] }[] = [];
    const listen = (q: { sql: string; bindings: unknown[] }) => statements.push(q);
    knex().on('query', listen);
    try {
      await data(`query ($after: String) { cameraSites(first: 20, after: $after) { edges { cursor } } }`, { after: deep.pageInfo.endCursor });
    } finally {
      knex().off('query', listen);
    }
    const page = statements.find((s) => /from camera_site r/.test(s.sql))!;
    expect(page.sql).not.toMatch(/offset/i);
    const sql = page.sql.replace(/\$(\d+)/g, '?');
    const plan = JSON.stringify((await runSql(knex(), `explain (format json) ${sql}`, page.bindings)).rows[0]['QUERY PLAN']);
    expect(plan).toMatch(/camera_site_installed_on_id_index/);
    expect(plan).toMatch(/ROW\(installed_on, id\) </);
    expect(plan).not.toMatch(/"Node Type":"Sort"/);
  });
});

describe('refused cursors', () => {
  const tampered = async () => {
    const cursor = (await sites({ first: 3 })).pageInfo.endCursor!;
    const [payload, signature] = cursor.split('.');
    const values = JSON.parse(Buffer.from(payload, 'base64url').toString());
    values[values.length - 1] = String(Number(values[values.length - 1]) + 1);
    return { cursor, signature, altered: `${Buffer.from(JSON.stringify(values)).toString('base64url')}.${signature}` };
  };

  it.each([
    ['nonsense', () => 'nonsense'],
    ['empty', () => ''],
    ['the old offset form', () => Buffer.from('offset:5').toString('base64url')],
    ['three parts', () => 'a.b.c'],
    ['very long', () => 'x'.repeat(100_000)],
    ['with its id changed', async () => (await tampered()).altered],
    [
      'with its signature changed',
      async () => {
        const { cursor, signature } = await tampered();
        return `${cursor.split('.')[0]}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      },
    ],
    [
      'signed with another key',
      async () => {
        const cursor = (await sites({ first: 3 })).pageInfo.endCursor!;
        const values = JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString());
        const other = new Cursors(new TextEncoder().encode('another-key-another-key-another-key-0123'));
        const forged = other.encode('cameraSites|DATE_DESC|', values.slice(1));
        expect(forged.split('.')[0]).toBe(cursor.split('.')[0]); // the same position: only the key differs
        return forged;
      },
    ],
  ])('a cursor %s is BAD_USER_INPUT, reason INVALID_CURSOR, with what to do', async (_name, make) => {
    for (const argument of ['after', 'before']) {
      const error = await refusal(sitesQuery, { [argument]: await make(), first: argument === 'after' ? 3 : null, last: argument === 'before' ? 3 : null });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: argument });
      expect(error.message).toMatch(new RegExp(`^${argument}: this cursor was not issued by this API, or was changed\\. Pass a cursor`));
    }
  });

  it.each([
    ['another collection', `{ commendations(after: $c, first: 3) { totalCount } }`],
    ['another order', `{ cameraSites(filter: { unitCode: "340" }, orderBy: [NAME_ASC], after: $c, first: 3) { totalCount } }`],
    ['another point', `{ cameraSites(filter: { unitCode: "340", near: { longitude: 106.2, latitude: 20.5 } }, after: $c, first: 3) { totalCount } }`],
    ['a unit search', `{ adminUnits(search: "hong", after: $c, first: 3) { totalCount } }`],
  ])('a cursor used for %s is refused: it belongs to its own listing and order', async (_name, source) => {
    const cursor = (await sites({ near: tranTemple, first: 3 })).pageInfo.endCursor;
    const error = await refusal(`query ($c: String) ${source}`, { c: cursor });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' });
    expect(error.message).toMatch(/comes from another listing or order/);
  });

  it('a unit search cursor does not continue another search', async () => {
    const cursor = (await data(`{ adminUnits(search: "hong", first: 2) { pageInfo { endCursor } } }`)).adminUnits.pageInfo.endCursor;
    const error = await refusal(`query ($c: String) { adminUnits(search: "ky", after: $c) { totalCount } }`, { c: cursor });
    expect(error.extensions).toMatchObject({ reason: 'INVALID_CURSOR' });
  });
});

describe('CURSOR_SECRET', () => {
  it('lets every server with the same secret continue the others’ cursors, and no other', () => {
    const secret = 'a-cursor-secret-shared-by-every-server-0123';
    const one = new Cursors(loadConfig({ CURSOR_SECRET: secret, AUTH_JWT_SECRET: 'x'.repeat(32) }).cursorSecret!);
    const two = new Cursors(loadConfig({ CURSOR_SECRET: secret, AUTH_JWT_SECRET: 'y'.repeat(32) }).cursorSecret!);
    const cursor = one.encode('tips|DATE_DESC|', ['2021-05-01', '42']);
    expect(two.decode(cursor, 'tips|DATE_DESC|', 2, 'after')).toEqual(['2021-05-01', '42']);
    const stranger = new Cursors(new TextEncoder().encode(`${secret}!`));
    expect(() => stranger.decode(cursor, 'tips|DATE_DESC|', 2, 'after')).toThrow(/not issued by this API/);
  });

  it('is at least 32 characters; unset, cursors are signed with a key derived from the token key', () => {
    expect(() => loadConfig({ CURSOR_SECRET: 'short', AUTH_JWT_SECRET: 'x'.repeat(32) })).toThrow(/CURSOR_SECRET must be at least 32 characters/);
    expect(loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32) }).cursorSecret).toBeUndefined();
  });
});
