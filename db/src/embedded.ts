import { mkdirSync } from 'node:fs';
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
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    maxConnections,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
