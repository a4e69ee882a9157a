import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgis {
  /** A postgres:// URL any pg client can use. */
  url: string;
  /** How many connections the socket server accepts; keep the pool at or below it. */
  maxConnections: number;
  /** The whole data directory as a tarball, for `loadDataDir` (or `db restore`). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL + PostGIS in this process (PGlite, WebAssembly) and serves it
 * over the Postgres wire protocol on a free loopback port, so the very same
 * pg/MikroORM code runs on it as on a real server. `dataDir` persists between
 * starts; omit it for a throw-away in-memory database. `loadDataDir` starts
 * it from an earlier `dump()` instead of an empty cluster.
 */
export async function startEmbeddedPostgis(options: { dataDir?: string; maxConnections?: number; loadDataDir?: Blob } = {}): Promise<EmbeddedPostgis> {
  const maxConnections = options.maxConnections ?? 8;
  const releaseLock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  const db = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { postgis }, loadDataDir: options.loadDataDir }).catch((error) => {
    releaseLock();
    throw error;
  });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  wholeExchanges(server);
  await server.start();
  return {
    url: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    maxConnections,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      // The socket server lets go of its connections on the next turns of the loop, reading the database as it does.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      await db.close();
      releaseLock();
    },
  };
}

/** What pglite-socket 0.2.11 keeps of a queued message (its QueryQueueManager's items). */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// Extended-protocol messages that PostgreSQL answers only as part of an exchange ending in Sync: Parse, Bind, Describe, Execute, Close.
const midExchange = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)));
const sync = 'S'.charCodeAt(0);
const readyForQuery = 'Z'.charCodeAt(0);

/** An exchange's answer with a single ReadyForQuery, its last: PGlite sends one at an error and one more at the Sync. */
function oneReadyForQuery(answer: Buffer): Buffer {
  const messages: Buffer[] = [];
  for (let at = 0; at < answer.length;) {
    const end = at + 1 + answer.readInt32BE(at + 1);
    messages.push(answer.subarray(at, end));
    at = end;
  }
  const last = messages.length - 1;
  return Buffer.concat(messages.filter((m, i) => m[0] !== readyForQuery || i === last));
}

/**
 * pglite-socket 0.2.11 hands PGlite a connection's protocol messages one at a
 * time. PGlite then closes an extended-protocol exchange (Parse … Sync) early
 * when it fails: it answers ReadyForQuery at the error and again at the Sync,
 * so the client takes the second one for the end of its next query, and every
 * later answer lands one query late (seen as PostGIS errors "coming back as
 * empty results", and, across connections, as one connection's error reaching
 * another). Here a connection's exchange is held back until its Sync and given
 * to PGlite whole; and while a connection has a transaction open, only its
 * messages run (as pglite-socket itself does).
 */
function wholeExchanges(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  const held = new Map<number, Uint8Array[]>();
  queue.processQueue = async function (this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const inTransaction = this.db.isInTransaction() && this.lastHandlerId !== null;
        const index = inTransaction ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        if (index === -1) break; // the transaction's owner has not sent its next message yet
        const [item] = this.queue.splice(index, 1);
        const pending = held.get(item.handlerId) ?? [];
        if (midExchange.has(item.message[0])) {
          held.set(item.handlerId, [...pending, item.message]);
          item.resolve(0); // answered with the rest of the exchange, at its Sync
          continue;
        }
        held.delete(item.handlerId);
        const exchange = pending.length === 0 ? item.message : Buffer.concat([...pending, item.message]);
        const endsWithSync = item.message[0] === sync;
        const output: Uint8Array[] = [];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(exchange, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                if (endsWithSync)
                  output.push(Buffer.from(data)); // a copy: PGlite reuses the memory behind `data`
                else item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          continue;
        }
        if (endsWithSync) {
          const answer = oneReadyForQuery(Buffer.concat(output));
          item.onData(answer);
        }
        this.lastHandlerId = item.handlerId; // pglite-socket rolls back this handler's transaction if it disconnects
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    held.delete(handlerId);
    clear(handlerId);
  };
}

/**
 * PGlite is single-process: a second process opening the same directory would
 * corrupt it. A lock file holding the owner's pid refuses that with a clear
 * message; a lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dirname(dataDir), { recursive: true });
  // Beside the directory, not in it: PGlite initialises only an empty directory.
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (isAlive(owner)) {
        throw new Error(
          `Another process (pid ${owner}) is using the embedded database in ${dataDir}. Stop it first, or set PGLITE_DATA_DIR to another directory.`,
          { cause: error },
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}; remove ${lockFile} if no An Bình process is running.`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
