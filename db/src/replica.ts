import type { Knex } from '@mikro-orm/postgresql';
import pg from 'pg';

/** How the read replica (DATABASE_READ_URL) stands, as /readyz and /metrics tell it. */
export interface ReplicaState {
  /** `none`: no replica is configured; `streaming`: reads go there; `lagging` or `unreachable`: reads fall back to the primary. */
  status: 'none' | 'streaming' | 'lagging' | 'unreachable';
  /** At most this many seconds behind the primary (null while unknown or with no replica). */
  lagSeconds: number | null;
}

export interface ReplicaOptions {
  /** Past this many seconds behind the primary, reads go to the primary (REPLICA_MAX_LAG). */
  maxLagSeconds: number;
  /** How often the replica's position is read. */
  intervalMs?: number;
  /** Told each time the status changes (streaming, lagging, unreachable). */
  onStatus?: (state: ReplicaState) => void;
}

const routers = new WeakMap<Knex, ReadRouter>();

/** Whether `knex` reads from a replica (whose failed reads may run again on the primary). */
export function isReplica(knex: Knex): boolean {
  return routers.has(knex);
}

/** Where to run again a read that failed on `knex` because its replica went away; undefined for any other failure. */
export function readFallback(knex: Knex, error: unknown): Knex | undefined {
  return routers.get(knex)?.fallback(error);
}

/** A WAL position (`16/B374D848`) as a number, so that two compare. */
export function walPosition(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * Chooses where each read goes: the streaming replica while it is reachable,
 * close enough behind the primary and has replayed every write the hub has
 * seen committed (as well as what the primary held at start); otherwise the
 * primary. So a client of this hub reads its own writes, and nothing cached for
 * a new data version is made from the standby's older state.
 */
export class ReadRouter {
  #state: ReplicaState = { status: 'unreachable', lagSeconds: null };
  /** The replica's last replayed position, as last read. */
  #replayed = -1n;
  /** The position every read must see: the primary's, as of the last write or change the hub learned of. */
  #mustSee = 0n;
  /** Recent (time, primary position) pairs: how old the replica's state is, whatever the write rate. */
  #history: { at: number; position: bigint }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #probe: Promise<void> | undefined;
  #closed = false;
  /** When a read last failed on the standby for want of it. */
  #failedAt = 0;
  #client: pg.Client | undefined;

  private constructor(
    private readonly primary: Knex,
    private readonly replica: Knex,
    private readonly replicaUrl: string,
    private readonly options: Required<Omit<ReplicaOptions, 'onStatus'>> & Pick<ReplicaOptions, 'onStatus'>,
  ) {}

  /** Starts following the replica; reads go to the primary until its first answer. */
  static async start(primary: Knex, replica: Knex, replicaUrl: string, options: ReplicaOptions): Promise<ReadRouter> {
    const router = new ReadRouter(primary, replica, replicaUrl, { intervalMs: 250, ...options });
    // Whatever the primary held at start must be on the standby before a read goes there: its lag is not known yet.
    await router.committed();
    await router.check();
    router.#timer = setInterval(() => void router.check(), router.options.intervalMs);
    router.#timer.unref();
    routers.set(replica, router);
    return router;
  }

  /** Where a read goes now. */
  knex(): Knex {
    return this.#state.status === 'streaming' && this.#replayed >= this.#mustSee ? this.replica : this.primary;
  }

  state(): ReplicaState {
    return { ...this.#state };
  }

  /** Called once a write or a change has committed: reads go to the primary until the replica has replayed it. */
  async committed(): Promise<void> {
    const { rows } = await this.primary.raw('select pg_current_wal_lsn()::text as lsn');
    const position = walPosition(rows[0].lsn);
    if (position > this.#mustSee) this.#mustSee = position;
  }

  /** The primary, to run a read on again that failed for want of the replica. */
  fallback(error: unknown): Knex | undefined {
    if (!isConnectionError(error)) return undefined;
    this.#set({ status: 'unreachable', lagSeconds: null });
    this.#failedAt = Date.now();
    return this.primary;
  }

  /** Reads both positions; one probe at a time. */
  check(): Promise<void> {
    this.#probe ??= this.probe().finally(() => (this.#probe = undefined));
    return this.#probe;
  }

  private async probe(): Promise<void> {
    const now = Date.now();
    let replayed: bigint;
    try {
      const { rows } = await this.primary.raw('select pg_current_wal_lsn()::text as lsn');
      const position = walPosition(rows[0].lsn);
      this.#history.push({ at: now, position });
      replayed = await this.replayedPosition();
    } catch {
      if (!this.#closed) this.#set({ status: 'unreachable', lagSeconds: null });
      return;
    }
    // The replica holds the primary's state of the latest moment the primary had not gone past what it replayed.
    const keep = now - Math.max(60_000, 4_000 * this.options.maxLagSeconds);
    this.#history = this.#history.filter((h) => h.at >= keep);
    const reached = this.#history.filter((h) => h.position <= replayed).at(-1);
    const lagSeconds = (now - (reached?.at ?? this.#history[0].at)) / 1000;
    this.#replayed = replayed;
    // A read cut off on the standby since this probe began outweighs the probe's own answer.
    if (this.#failedAt >= now) return;
    this.#set({ status: lagSeconds > this.options.maxLagSeconds ? 'lagging' : 'streaming', lagSeconds });
  }

  #set(state: ReplicaState): void {
    const changed = state.status !== this.#state.status;
    this.#state = state;
    if (changed) this.options.onStatus?.(state);
  }

  /** The replica's replayed position, on a connection of its own with short time limits, so that a hung replica is found out. */
  private async replayedPosition(): Promise<bigint> {
    if (!this.#client) {
      const client = new pg.Client({ connectionString: this.replicaUrl, connectionTimeoutMillis: 1000, query_timeout: 1000 });
      client.on('error', () => undefined); // a dropped connection fails the next query, which starts a new one
      await client.connect();
      this.#client = client;
    }
    try {
      const { rows } = await this.#client.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn');
      // Not in recovery: a promoted or mistaken replica, which replays nothing and may drift from the primary.
      if (rows[0].lsn === null) throw new Error('DATABASE_READ_URL is not a standby of DATABASE_URL');
      return walPosition(rows[0].lsn);
    } catch (error) {
      void this.#client.end().catch(() => undefined);
      this.#client = undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#probe;
    await this.#client?.end().catch(() => undefined);
  }
}

/** A failure of the connection, not of the statement: the same read may succeed on another server. */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  // Class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now), and node's socket errors.
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[1-3]$/.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH)$/.test(code)))
    return true;
  return typeof message === 'string' && /Connection terminated|Knex: Timeout acquiring a connection|connect ECONNREFUSED/.test(message);
}
