import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { withConnection, type PgQuery } from './pipeline';
import { isReplica, readFallback } from './replica';

const compiled = new LRUCache<string, { text: string; names: string[] }>({ max: 500 });

/** Knex instances whose connections may keep named prepared statements (see `usePreparedStatements`). */
const preparing = new WeakSet<object>();
/** Statement names handed out; past the cap, texts run unnamed, so a stream of one-off texts cannot grow every connection forever. */
const statementNames = new Map<string, string>();
const maxStatements = 1_000;

/**
 * Lets `runSql` on this knex use named prepared statements: PostgreSQL then
 * parses each text once per connection and, after a few runs, reuses its plan.
 * The analysts' bench shows the gain. Its knex's connections should be in pg's
 * pipeline mode (`openOrm` does both), so a turn's SELECTs leave together. Not for the embedded
 * database, whose socket server shares one session between connections, where
 * two connections preparing the same name would collide.
 */
export function usePreparedStatements(knex: Knex): void {
  preparing.add(knex.client);
}

/**
 * Runs SQL with `?` placeholders (an array) or `:name` placeholders (an object);
 * a `?` of the SQL itself (jsonb's `?`, `?|`, `?&`) is written `\?`, as in knex.raw.
 * Named SQL is turned into positional once per text and cached: knex parses
 * named bindings on every call, which measured twice as slow as positional.
 * `::type` casts are left alone; only names present in `params` are bound.
 */
export function runSql(knex: Knex, sql: string, params: readonly unknown[] | Record<string, unknown> = [], options: RunOptions = {}): Promise<{ rows: any[] }> {
  // Under a traced request, each statement is a span of its own (its text, never its values).
  if (!trace.getActiveSpan()?.isRecording()) return runOrFallBack(knex, sql, params, options);
  const span = trace.getTracer('anbinh-db').startSpan('db.query', {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': sql.slice(0, 2000), 'db.replica': isReplica(knex) },
  });
  return runOrFallBack(knex, sql, params, options).then(
    (result) => {
      span.end();
      return result;
    },
    (error: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
      throw error;
    },
  );
}

function runOrFallBack(knex: Knex, sql: string, params: readonly unknown[] | Record<string, unknown>, options: RunOptions): Promise<{ rows: any[] }> {
  // A read sent to the replica as it went away runs again on the primary: the reader sees an answer, not the outage.
  const result = runBound(knex, sql, params, options);
  if (!isReplica(knex)) return result;
  return result.catch((error: unknown) => {
    const primary = readFallback(knex, error);
    if (!primary) throw error;
    return runBound(primary, sql, params, options);
  });
}

function runBound(knex: Knex, sql: string, params: readonly unknown[] | Record<string, unknown>, options: RunOptions): Promise<{ rows: any[] }> {
  if (Array.isArray(params)) return run(knex, sql, params, options);
  const named = params as Record<string, unknown>;
  const key = `${Object.keys(named).sort().join(',')}\u0000${sql}`;
  let template = compiled.get(key);
  if (!template) {
    const names: string[] = [];
    const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (whole, name: string) => {
      if (!(name in named)) return whole;
      names.push(name);
      return '?';
    });
    template = { text, names };
    compiled.set(key, template);
  }
  return run(
    knex,
    template.text,
    template.names.map((n) => named[n]),
    options,
  );
}

export interface RunOptions {
  /**
   * Planned for its values each time, never kept as a prepared statement: for SQL whose best plan
   * depends on them. A vector tile's generic plan, made for any tile, misjudged a low-zoom tile's points
   * by orders of magnitude and sorted them on disk.
   */
  planEachTime?: boolean;
}

/** The name `sql` is prepared under on every connection; none past the cap (it then runs unnamed). */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < maxStatements) {
    name = `q${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function run(knex: Knex, sql: string, values: readonly unknown[], options: RunOptions): Promise<{ rows: any[] }> {
  if (!preparing.has(knex.client) || knex.isTransaction) return knex.raw(sql, values as Knex.RawBinding[]);
  const name = options.planEachTime ? undefined : statementName(sql);
  const text = toPositional(sql);
  // Announced like knex's own queries, so whoever counts or logs statements sees these too.
  knex.emit('query', { sql: text, bindings: values, name });
  const query = { name, text, values };
  if (/^\s*select\b/i.test(text)) return new Promise((resolve, reject) => pipelineOf(knex).add({ query, resolve, reject }));
  return withConnection(knex, (connection) => connection.query(query));
}

/**
 * Placeholders: each `?` takes the next value; a `?` the SQL itself needs (jsonb's `?`, `?|` and `?&`)
 * is written `\?` (`'\\?'` in a JavaScript string), as knex.raw has it. `replace` gives each
 * placeholder's new text, by its index; escaped ones are left escaped.
 */
export function replacePlaceholders(sql: string, replace: (index: number) => string): string {
  let index = 0;
  return sql.replace(/(\\*)\?/g, (whole, escapes: string) => (escapes.length % 2 ? whole : escapes + replace(index++)));
}

/** The SQL as pg takes it: `$1`, `$2`… for the placeholders, a `\?` as the `?` it stands for. */
export function toPositional(sql: string): string {
  let n = 0;
  return sql.replace(/(\\*)\?/g, (_, escapes: string) => (escapes.length % 2 ? '?' : `$${++n}`)); // as knex's own positionBindings
}

interface Waiting {
  query: PgQuery;
  resolve: (result: { rows: any[] }) => void;
  reject: (error: unknown) => void;
}

const maxPipeline = 16;
const pipelines = new WeakMap<object, ReturnType<typeof createPipelines>>();
function pipelineOf(knex: Knex) {
  let p = pipelines.get(knex.client);
  if (!p) pipelines.set(knex.client, (p = createPipelines(knex)));
  return p;
}

/**
 * SELECTs queued in one turn of the event loop (a request's nested lists, resolved side by side; other
 * requests' statements under load) go together in groups of up to `maxPipeline`, each group on one
 * pipelined connection: one round trip, and a socket write costs more CPU than a small statement.
 */
function createPipelines(knex: Knex) {
  let queue: Waiting[] = [];
  const flush = () => {
    const waiting = queue;
    queue = [];
    for (let i = 0; i < waiting.length; i += maxPipeline) {
      const group = waiting.slice(i, i + maxPipeline);
      withConnection(knex, (connection) => Promise.all(group.map((w) => connection.query(w.query).then(w.resolve, w.reject)))).catch((error: unknown) => {
        for (const w of group) w.reject(error);
      }); // no connection to be had
    }
  };
  return {
    add(waiting: Waiting) {
      if (queue.push(waiting) === 1) setImmediate(flush);
    },
  };
}
