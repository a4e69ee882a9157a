import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { isReplica, readFallback } from './replica';
import { Pipeline, prepareValue, type PgClient, type PipelinedStatement } from './pipeline';

const compiled = new Map<string, { text: string; names: string[] }>();
const maxCompiled = 500;

/** Knex instances whose connections may keep named prepared statements (see `usePreparedStatements`). */
const preparing = new WeakSet<object>();
/** Statement names handed out; past the cap, texts run unnamed, so a stream of one-off texts cannot grow every connection forever. */
const statementNames = new Map<string, string>();
const maxStatements = 1_000;

/**
 * Lets `runSql` on this knex use named prepared statements: PostgreSQL then
 * parses each text once per connection and, after a few runs, reuses its plan.
 * The analysts' bench shows the gain. Not for the embedded
 * database, whose socket server shares one session between connections, where
 * two connections preparing the same name would collide.
 */
export function usePreparedStatements(knex: Knex): void {
  preparing.add(knex.client);
}

/**
 * Runs SQL with `?` placeholders (an array) or `:name` placeholders (an object).
 * Named SQL is turned into positional once per text and cached: knex parses
 * named bindings on every call, which measured twice as slow as positional.
 * `::type` casts are left alone; only names present in `params` are bound.
 */
export function runSql(knex: Knex, sql: string, params: readonly unknown[] | Record<string, unknown> = [], options: RunOptions = {}): Promise<{ rows: any[] }> {
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
    if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, template);
  }
  return run(knex, template.text, template.names.map((n) => named[n]), options);
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
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`); // runSql's SQL holds no other "?": no jsonb ? operators
  // Announced like knex's own queries, so whoever counts or logs statements sees these too.
  knex.emit('query', { sql: text, bindings: values, name });
  const client = knex.client as unknown as KnexClient;
  if (/^\s*select\b/i.test(text)) {
    const bound = values.map(prepareValue); // throws here, before anything is sent, on a value pg cannot bind
    return new Promise((resolve, reject) => pipelineOf(client).add({ name, text, values: bound, resolve, reject }));
  }
  const connection = await client.acquireConnection();
  try {
    return await (connection as unknown as PgQueryable).query({ name, text, values });
  } finally {
    await client.releaseConnection(connection);
  }
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(c: PgClient): Promise<void>;
}
interface PgQueryable {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: any[] }>;
}

const maxPipeline = 16;
const pipelines = new WeakMap<object, ReturnType<typeof createPipelines>>();
function pipelineOf(client: KnexClient) {
  let p = pipelines.get(client);
  if (!p) pipelines.set(client, (p = createPipelines(client)));
  return p;
}

/**
 * SELECTs queued in one turn of the event loop (a request's nested lists,
 * resolved side by side; other requests' statements under load) leave together
 * in pipelines of up to `maxPipeline`, each one round trip on one connection.
 */
function createPipelines(client: KnexClient) {
  let queue: PipelinedStatement[] = [];
  const flush = () => {
    const statements = queue;
    queue = [];
    for (let i = 0; i < statements.length; i += maxPipeline) void send(statements.slice(i, i + maxPipeline));
  };
  const send = async (statements: PipelinedStatement[]) => {
    let connection: PgClient;
    try {
      connection = await client.acquireConnection();
    } catch (error) {
      for (const s of statements) s.reject(error);
      return;
    }
    try {
      const retry = await new Promise<PipelinedStatement[]>((resolve) => connection.query(new Pipeline(statements, connection._types, resolve)));
      for (const s of retry) add(s);
    } finally {
      await client.releaseConnection(connection);
    }
  };
  const add = (statement: PipelinedStatement) => {
    if (queue.push(statement) === 1) setImmediate(flush);
  };
  return { add };
}
