// `pnpm bench`: the hub against PostGraphile 4 and 5 on the same seeded database, the floor and four queries, one server at a time.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { databaseVersions, displayUrl, prepareBenchDatabase, versionStart } from './database';
import { loadSettings, measure, probe, type GraphQLRequest, type Probe } from './load';
import { nodeAtLeast } from './node-runtime';
import { benchQueries, sides, type BenchQuery, type Reading, type Side } from './queries';
import { agreement, formatReport, ratio, writeResults, type BenchResults, type Outcome } from './report';
import { startServer, type ServerSpec } from './servers';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsFile = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_bench';

const startedAt = new Date().toISOString();
const loadAtStart = loadavg()[0];
if (loadAtStart > 1) console.warn(`[bench] The machine is busy (load average ${loadAtStart.toFixed(1)}): the figures will be noisy.`);
await prepareBenchDatabase(databaseUrl, repoRoot);
const queries = benchQueries(await versionStart(databaseUrl, '12442', '2021-06-30'));

// Same database, same pool size, same NODE_ENV for every server; PostGraphile 5 on a Node that it supports.
const env = { DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: '8', NODE_ENV: 'production' };
const specs: Record<Side, ServerSpec> = {
  ours: { name: 'ours', pnpmArgs: ['--filter', '@anbinh/server', 'start'], env },
  postgraphile4: { name: 'PostGraphile 4', pnpmArgs: ['--filter', '@anbinh/postgraphile-bench', 'start'], env },
  postgraphile5: {
    name: 'PostGraphile 5',
    pnpmArgs: ['--filter', '@anbinh/postgraphile5-bench', 'start'],
    env: { ...env, GRAPHILE_ENV: 'production' },
    node: nodeAtLeast(22),
  },
};
// BENCH_REVERSED=1 starts with the last server, so a second run puts the machine's drift on the other side.
const order = process.env.BENCH_REVERSED === '1' ? [...sides].reverse() : sides;
const outcomes = {} as Record<Side, Outcome[]>;
const nodeVersions = {} as Record<Side, string>;
for (const side of order) {
  nodeVersions[side] = specs[side].node ? execFileSync(specs[side].node, ['--version'], { encoding: 'utf8' }).trim() : process.version;
  outcomes[side] = await runSide(side, specs[side]);
}

const results: BenchResults = {
  startedAt,
  environment: {
    node: process.version,
    order: order.join(', '),
    ...Object.fromEntries(sides.map((side) => [`node ${specs[side].name}`, nodeVersions[side]])),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: Number(loadAtStart.toFixed(2)),
    ...(await databaseVersions(databaseUrl)),
    database: displayUrl(databaseUrl),
    commit: gitDescribe(),
  },
  settings: { ...loadSettings, databasePoolMax: Number(env.DATABASE_POOL_MAX) },
  queries: queries.map((q, i) => ({
    id: q.id,
    title: q.title,
    compared: q.compared,
    outcomes: Object.fromEntries(sides.map((side) => [side, outcomes[side][i]])) as Record<Side, Outcome>,
    ratios: { postgraphile4: ratio(outcomes.ours[i], outcomes.postgraphile4[i]), postgraphile5: ratio(outcomes.ours[i], outcomes.postgraphile5[i]) },
    agreement: agreement(outcomes.ours[i], outcomes.postgraphile4[i], outcomes.postgraphile5[i]),
  })),
};
console.log(`\n${formatReport(results)}\n`);
writeResults(resultsFile, results);
console.log(`[bench] Results written to ${resultsFile}`);
// Errors on the PostGraphile side are the bench's own fault; a hub that would not start is worth a failing exit too.
const failed = [...outcomes.postgraphile4, ...outcomes.postgraphile5].some((o) => o.status === 'error') || outcomes.ours.every((o) => o.status === 'error');
process.exit(failed ? 1 : 0);

/** Starts one server, checks then measures each query in turn, stops it. */
async function runSide(side: Side, spec: ServerSpec): Promise<Outcome[]> {
  let server;
  try {
    server = await startServer(spec, repoRoot);
  } catch (error) {
    console.error(`[bench] ${(error as Error).message}`);
    return queries.map(() => ({ status: 'error', message: `${spec.name} did not start (its output is printed above)` }));
  }
  try {
    const outcomes: Outcome[] = [];
    for (const q of queries) {
      const request: GraphQLRequest = q.requests[side];
      const checked = await probe(server.baseUrl, request).then(
        (answer) => check(answer, q, side),
        (error: Error) => ({ status: 'error' as const, message: `no GraphQL answer: ${error.message}` }),
      );
      if (checked.status !== 'measured') {
        console.log(`[bench] ${q.id} ${spec.name}: ${checked.status === 'not implemented' ? 'not implemented yet' : 'error'} (${checked.message})`);
        outcomes.push(checked);
        continue;
      }
      console.log(
        `[bench] ${q.id} ${spec.name}: sample answer ${checked.sample}; ${loadSettings.warmupSeconds} s warm-up, ${loadSettings.durationSeconds} s at ${loadSettings.connections} connections`,
      );
      outcomes.push({ ...checked, measurement: await measure(server.baseUrl, request) });
    }
    return outcomes;
  } finally {
    await server.stop();
  }
}

// What graphql-js says when a query names a field, argument, type, input field or enum value the schema lacks.
const missingFromSchema = [
  /^Cannot query field/,
  /^Unknown argument/,
  /^Unknown type/,
  /^Field ".+" is not defined by type/,
  /^Value ".+" does not exist in ".+" enum/,
];

/** Reads a sample answer: errors (something missing from our schema means "not implemented yet"), or its figures. */
function check(answer: Probe, q: BenchQuery, side: Side): ({ status: 'measured'; responseBytes: number } & Reading) | Exclude<Outcome, { status: 'measured' }> {
  const errors = answer.body.errors ?? [];
  if (errors.length > 0) {
    const message = errors.map((e) => e.message).join(' ');
    const notInSchema = errors.every((e) => missingFromSchema.some((pattern) => pattern.test(e.message)));
    return { status: side === 'ours' && notInSchema ? 'not implemented' : 'error', message };
  }
  if (answer.status !== 200 || !answer.body.data) return { status: 'error', message: `HTTP ${answer.status} without data` };
  try {
    return { status: 'measured', ...q.read[side](answer.body.data), responseBytes: answer.bytes };
  } catch (error) {
    return { status: 'error', message: `unexpected answer: ${(error as Error).message}` };
  }
}

function gitDescribe(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
