import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { clientOperations } from '@anbinh/shared';

/** What the hub's parts report when scraped; each is read only then. */
export interface MetricSources {
  /** Connections of each database pool in use, idle and awaited. */
  pools(): { pool: string; used: number; free: number; pending: number }[];
  /** Open change-feed connections (graphql-ws). */
  feedConnections(): number;
  /** Seconds the change tail is behind the outbox (0 when it has read everything committed). */
  tailLag(): Promise<number>;
  /** Tiles served from memory and made. */
  tileCache(): { hits: number; misses: number };
  /** Derived answers (metrics, summaries) served from memory and computed. */
  answerCache(): { hits: number; misses: number };
  /** The read replica: 1 while reads go there, and how far behind it is. */
  replica(): { streaming: boolean; lagSeconds: number | null };
}

/**
 * The hub's Prometheus metrics (prom-client), one registry per hub: requests
 * and latency by route, GraphQL operations by name and outcome, and gauges read
 * from the running parts at each scrape.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'anbinh_http_requests_total',
    help: 'HTTP requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'anbinh_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route.',
    labelNames: ['route'],
    registers: [this.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  private readonly operations = new Counter({
    name: 'anbinh_graphql_operations_total',
    help: 'GraphQL operations, by name, type and outcome (ok, or the error code).',
    labelNames: ['operation', 'type', 'outcome'],
    registers: [this.registry],
  });
  private readonly exported = new Counter({
    name: 'anbinh_export_rows_total',
    help: 'Rows read from the database for exports, by collection, counted as each batch is read.',
    labelNames: ['collection'],
    registers: [this.registry],
  });
  /** The operation names counted by name: the hub's own clients' and those the operator lists. */
  private readonly names: Set<string>;
  private sources: MetricSources | undefined;

  /**
   * `replica`: whether a read replica is configured (its gauges exist only then); `operations`: names to count
   * by name besides the hub's own clients' (METRICS_OPERATIONS, e.g. partners' operations).
   */
  constructor({ replica = false, operations = [] as readonly string[] } = {}) {
    this.names = new Set([...clientOperations, ...operations]);
    collectDefaultMetrics({ register: this.registry, prefix: 'anbinh_' });
    const registers = [this.registry];
    const sources = () => this.sources;
    new Gauge({
      name: 'anbinh_db_pool_connections',
      help: 'Database connections, by pool (primary, replica) and state (used, free, pending acquires).',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        for (const { pool, used, free, pending } of sources()?.pools() ?? []) {
          this.set({ pool, state: 'used' }, used);
          this.set({ pool, state: 'free' }, free);
          this.set({ pool, state: 'pending' }, pending);
        }
      },
    });
    new Gauge({
      name: 'anbinh_feed_connections',
      help: 'Open change-feed connections (graphql-ws).',
      registers,
      collect() {
        this.set(sources()?.feedConnections() ?? 0);
      },
    });
    new Gauge({
      name: 'anbinh_feed_tail_lag_seconds',
      help: 'How far the change tail is behind what has committed to the outbox.',
      registers,
      async collect() {
        const parts = sources();
        if (parts) this.set(await parts.tailLag().catch(() => Number.NaN));
      },
    });
    for (const [name, help, read] of [
      ['anbinh_tile_cache', 'Tiles answered from memory (hit) or made (miss).', () => sources()?.tileCache()],
      ['anbinh_answer_cache', 'Derived GraphQL answers served from memory (hit) or computed (miss).', () => sources()?.answerCache()],
    ] as const) {
      new Counter({
        name: `${name}_requests_total`,
        help,
        labelNames: ['result'],
        registers,
        collect() {
          const counts = read();
          if (!counts) return;
          this.reset();
          this.inc({ result: 'hit' }, counts.hits);
          this.inc({ result: 'miss' }, counts.misses);
        },
      });
    }
    if (!replica) return;
    new Gauge({
      name: 'anbinh_replica_up',
      help: '1 while reads go to the read replica; 0 while they fall back to the primary.',
      registers,
      collect() {
        const r = sources()?.replica();
        this.set(r?.streaming ? 1 : 0);
      },
    });
    new Gauge({
      name: 'anbinh_replica_lag_seconds',
      help: 'At most this many seconds behind the primary (NaN while unknown).',
      registers,
      collect() {
        this.set(sources()?.replica().lagSeconds ?? Number.NaN);
      },
    });
  }

  /** Connects the gauges to the running parts, once they are there. */
  observe(sources: MetricSources): void {
    this.sources = sources;
  }

  request(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  exportRows(collection: string, rows: number): void {
    this.exported.inc({ collection }, rows);
  }

  /** Counts an operation under its name when that is a known one, else as "other" (named) or "anonymous": a fixed set of series. */
  operation(name: string | null | undefined, type: string, outcome: string): void {
    const label = !name ? 'anonymous' : this.names.has(name) ? name : 'other';
    this.operations.inc({ operation: label, type, outcome });
  }
}

/** The route a request path counts under: a few fixed names, never the path itself (tile coordinates would make a series each). */
export function routeOf(path: string): string {
  if (path === '/graphql') return '/graphql';
  const first = /^\/[a-z]+/.exec(path)?.[0];
  switch (first) {
    case '/tiles':
      return path.endsWith('.json') ? '/tiles/{layer}.json' : '/tiles/{layer}/{z}/{x}/{y}';
    case '/geo':
    case '/export':
    case '/healthz':
    case '/readyz':
    case '/metrics':
    case '/ogc':
      return first;
    default:
      return path === '/' || path.startsWith('/assets/') || /\.\w+$/.test(path) ? 'web' : 'other';
  }
}
