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
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL + PostGIS in this process (PGlite, WebAssembly) and serves it
 * over the Postgres wire protocol on a free loopback port, so the very same
 * pg/MikroORM code runs on it as on a real server. `dataDir` persists between
 * starts; omit it for a throw-away in-memory database.
 */
export async function startEmbeddedPostgis(options: { dataDir?: string; maxConnections?: number } = {}): Promise<EmbeddedPostgis> {
  const maxConnections = options.maxConnections ?? 8;
  const releaseLock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  const db = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { postgis } }).catch((error) => {
    releaseLock();
    throw error;
  });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    maxConnections,
    async stop() {
      await server.stop();
      await db.close();
      releaseLock();
    },
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
        throw new Error(`Another process (pid ${owner}) is using the embedded database in ${dataDir}. Stop it first, or set PGLITE_DATA_DIR to another directory.`);
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
