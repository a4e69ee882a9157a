// `pnpm bench:pages`: how long the API takes for page 1 and page 1,000 of a collection of a million
// valuable tips, following cursors; and, for comparison, the statements the API ran before (offset and count).
import pg from 'pg';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sessionSettings } from '@anbinh/db';
import { prepareBenchDatabase, displayUrl } from './database';
import { startServer } from './servers';
import { ascending, quantile } from './stats';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const url = process.env.BENCH_PAGES_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_pages';
const rows = 1_000_000;
const pageSize = 20;
const deepPage = 1_000;
const samples = 100;

const query = `query ($after: String) { valuableTips(first: ${pageSize}, after: $after) { edges { node { id receivedOn channel } } pageInfo { hasNextPage endCursor } } }`;

if (loadavg()[0] > 1) console.warn(`[bench:pages] The machine is busy (load average ${loadavg()[0].toFixed(1)}): the figures will be noisy.`);
await prepareBenchDatabase(url, repoRoot);
await fillTips();
const server = await startServer(
  { name: 'hub', pnpmArgs: ['--filter', '@anbinh/server', 'start'], env: { DATABASE_URL: url, NODE_ENV: 'production' } },
  repoRoot,
);
try {
  const post = async (after: string | null) => {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { after } }),
    });
    const body = (await res.json()) as { data?: { valuableTips: { edges: unknown[]; pageInfo: { endCursor: string } } }; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`The hub refused a page: ${JSON.stringify(body.errors)}`);
    return body.data.valuableTips;
  };
  // The cursor that starts page 1,000, reached as a client does: page after page.
  let cursor: string | null = null;
  const walk = performance.now();
  for (let page = 1; page < deepPage; page++) cursor = (await post(cursor)).pageInfo.endCursor;
  console.log(`[bench:pages] Walked to page ${deepPage} in ${((performance.now() - walk) / 1000).toFixed(1)} s`);
  const first = await latency(() => post(null));
  const deep = await latency(() => post(cursor));
  const [date, id] = (JSON.parse(Buffer.from(cursor!.split('.')[0], 'base64url').toString()) as string[]).slice(1);
  const sql = await sqlLatencies({
    keyset: [
      'select r.id, r.received_on, r.channel from valuable_tip r where (r.received_on, r.id) < ($1, $2) order by r.received_on desc, r.id desc limit $3',
      [date, id, pageSize + 1],
    ],
    offset: [
      'select r.id, r.received_on, r.channel from valuable_tip r order by r.received_on desc, r.id asc limit $1 offset $2',
      [pageSize, (deepPage - 1) * pageSize],
    ],
    count: ['select count(*)::int as total from valuable_tip r where true', []],
  });
  console.table([
    { what: `page 1 (${pageSize} tips), through the API`, ...first },
    { what: `page ${deepPage.toLocaleString('en')} after its cursor, through the API`, ...deep },
    { what: `page ${deepPage.toLocaleString('en')}: the keyset statement alone (SQL)`, ...sql.keyset },
    { what: `page ${deepPage.toLocaleString('en')} as the API read it before: offset, in its order (SQL)`, ...sql.offset },
    { what: 'the count the API ran before for every page (SQL)', ...sql.count },
  ]);
  console.log(`${rows.toLocaleString('en')} valuable tips on ${displayUrl(url)}; ${samples} requests one at a time after 5 unmeasured; ms.`);
} finally {
  await server.stop();
}

/** Adds sample tips (copies of the sample's, so each lies in a unit in force on its date) up to `rows`. */
async function fillTips(): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const {
      rows: [{ n }],
    } = await db.query<{ n: number }>('select count(*)::int as n from valuable_tip');
    if (n >= rows) return;
    console.log(`[bench:pages] Adding ${(rows - n).toLocaleString('en')} sample tips (once; about a minute)`);
    await db.query('begin');
    // A bench table only: the change feed and the map cells are not kept for these rows.
    await db.query('set local session_replication_role = replica');
    await db.query(
      `insert into valuable_tip (unit_id, atom_id, sample, received_on, channel)
       select t.unit_id, t.atom_id, true, t.received_on, t.channel
       from (select *, row_number() over (order by id) as k from valuable_tip) t, generate_series(0, $1::int / (select count(*) from valuable_tip)::int) g
       limit $1`,
      [rows - n],
    );
    await db.query('commit');
    await db.query('analyze valuable_tip');
  } finally {
    await db.end();
  }
}

async function latency(run: () => Promise<unknown>): Promise<{ p50: string; p95: string }> {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return summary(times);
}

/**
 * Statements alone over one connection, set up as the hub's: the keyset page, and what the API ran for
 * page 1,000 before keyset cursors (an offset past 999 pages in its former order, newest first then id
 * ascending, and a count of every row for the window).
 */
async function sqlLatencies<K extends string>(statements: Record<K, [string, unknown[]]>): Promise<Record<K, { p50: string; p95: string }>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(sessionSettings);
  try {
    const out = {} as Record<K, { p50: string; p95: string }>;
    for (const [name, [text, values]] of Object.entries(statements) as [K, [string, unknown[]]][]) out[name] = await latency(() => db.query(text, values));
    return out;
  } finally {
    await db.end();
  }
}

function summary(times: number[]): { p50: string; p95: string } {
  const sorted = ascending(times);
  const at = (q: number) => quantile(sorted, q).toFixed(1);
  return { p50: at(0.5), p95: at(0.95) };
}
