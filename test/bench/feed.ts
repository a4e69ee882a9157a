// `pnpm bench:feed`: the change feed with 1,000, 5,000 and 10,000 subscribers on one server.
// For each size: a fresh hub, subscribers in separate processes (one WebSocket and one
// subscription each, all entitled to every change written), a warm-up change, then
// changes written at a steady rate; it prints deliveries per second, the delay from a
// change's transaction to its delivery (p50, p99), what was lost, and the server's
// memory per subscriber.
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { authConfigFromEnv, Tokens } from '@anbinh/server';
import { Role } from '@anbinh/shared';
import { prepareBenchDatabase } from './database';
import { quantile } from './stats';
import { residentBytes, startServer, type RunningServer } from './servers';
import { startSubscribers, type SubscriberPool } from './subscriber-pool';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_bench';
const sizes = (process.env.BENCH_FEED_SUBSCRIBERS ?? '1000,5000,10000').split(',').map(Number);
const writesPerSecond = Number(process.env.BENCH_FEED_WRITES_PER_SECOND ?? 2);
const writes = Number(process.env.BENCH_FEED_WRITES ?? 20);
const burst = Number(process.env.BENCH_FEED_BURST ?? 10);
const secret = 'bench-feed-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const query = 'subscription { changes(types: [COMMENDATION]) { cursor type operation occurredAt unitCode entityId } }';

const loadAtStart = loadavg()[0];
if (loadAtStart > 1) console.warn(`[bench:feed] The machine is busy (load average ${loadAtStart.toFixed(1)}): the figures will be noisy.`);
await prepareBenchDatabase(databaseUrl, repoRoot);
const tokens = new Tokens(authConfigFromEnv({ AUTH_JWT_SECRET: secret }));
const admin = (await tokens.sign({ sub: 'bench-feed-admin', role: Role.ADMIN })).token;
// Partners of the whole province: every change written below is theirs.
const partner = (await tokens.sign({ sub: 'bench-feed-partner', role: Role.PARTNER, units: ['34'] })).token;

const rows: string[][] = [];
for (const size of sizes) rows.push(await measureSize(size));
console.log(
  `\n[bench:feed] ${cpus().length} cores; ${writes} changes at ${writesPerSecond} per second after a warm-up change, then ${burst} back to back; each subscriber is entitled to every change`,
);
console.table(
  rows.map(([subscribers, rate, p50, p99, capacity, lost, memory, rss]) => ({
    subscribers,
    'deliveries/s': rate,
    'p50 ms': p50,
    'p99 ms': p99,
    'burst deliveries/s': capacity,
    lost,
    'kB/subscriber': memory,
    'server RSS MB': rss,
  })),
);

async function measureSize(size: number): Promise<string[]> {
  const server = await startServer(
    {
      name: `hub (${size} subscribers)`,
      pnpmArgs: ['--filter', '@anbinh/server', 'start'],
      env: { DATABASE_URL: databaseUrl, NODE_ENV: 'production', AUTH_JWT_SECRET: secret, RATE_LIMIT_WRITES_PER_MINUTE: '100000' },
    },
    repoRoot,
  );
  let subscribers: SubscriberPool | undefined;
  try {
    const write = await writer(server);
    await write(); // the first write and its feed row warm the hub's paths before its memory is read
    await sleep(1_000);
    const before = residentBytes(server.pid);
    subscribers = await startSubscribers(server.baseUrl.replace(/^http/, 'ws') + '/graphql', partner, size, query);
    console.log(`[bench:feed] ${size} subscribers connected`);

    // A warm-up change: once every subscriber has it, all are live.
    await write();
    await subscribers.collect(1, 60_000);
    const memory = residentBytes(server.pid);
    const perSubscriber = before != null && memory != null ? (memory - before) / size / 1024 : NaN;

    const started = Date.now();
    for (let i = 0; i < writes; i++) {
      await write();
      const next = started + ((i + 1) * 1000) / writesPerSecond;
      if (next > Date.now()) await sleep(next - Date.now());
    }
    const { delays, received, lastAt, duplicated } = await subscribers.collect(writes, 60_000);
    const seconds = (lastAt - started) / 1000;
    delays.sort((a, b) => a - b);
    const at = (q: number) => quantile(delays, q);

    // Then as fast as the hub can: changes written back to back, and how long until every subscriber has them all.
    const burstStarted = Date.now();
    for (let i = 0; i < burst; i++) await write();
    const flood = await subscribers.collect(burst, 60_000);
    const capacity = flood.received / ((flood.lastAt - burstStarted) / 1000);
    const lost = size * (writes + burst) - received - flood.received;
    if (duplicated + flood.duplicated > 0) throw new Error(`${duplicated + flood.duplicated} changes were delivered twice`);
    console.log(
      `[bench:feed] ${size}: ${received} deliveries in ${seconds.toFixed(1)} s, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; burst ${capacity.toFixed(0)} deliveries/s; lost ${lost}; ${perSubscriber.toFixed(1)} kB per subscriber`,
    );
    return [
      size.toLocaleString('en'),
      (received / seconds).toFixed(0),
      String(at(0.5)),
      String(at(0.99)),
      capacity.toFixed(0),
      String(lost),
      perSubscriber.toFixed(1),
      memory != null ? (memory / 2 ** 20).toFixed(0) : '?',
    ];
  } finally {
    subscribers?.close();
    await server.stop();
  }
}

/** Writes one change a subscriber is entitled to: a commendation's reason, updated in turn (so the bench adds one row per run). */
async function writer(server: RunningServer): Promise<() => Promise<void>> {
  const gql = async (body: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: body, variables }),
    });
    const answer = (await res.json()) as { data?: any; errors?: { message: string }[] };
    if (answer.errors) throw new Error(answer.errors[0].message);
    return answer.data;
  };
  const { awardCommendation: made } = await gql(
    `mutation { awardCommendation(input: { unitCode: "12496", recipientKind: COLLECTIVE, recipientName: "Bench: change feed", form: LETTER_OF_COMMENDATION, awardedOn: "2024-01-02", reason: "bench" }) { id version } }`,
    {},
  );
  let version: number = made.version;
  let n = 0;
  return async () => {
    const { updateCommendation } = await gql(
      'mutation ($id: ID!, $version: Int!, $reason: String!) { updateCommendation(input: { id: $id, version: $version, reason: $reason }) { version } }',
      { id: made.id, version, reason: `bench ${++n}` },
    );
    version = updateCommendation.version;
  };
}
