import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The `.env` file at the repo root, if any (see .env.example). */
export const envFile = fileURLToPath(new URL('../../.env', import.meta.url));
let envRead = false;

/** Reads `.env` (or the file ANBINH_ENV_FILE names) into the environment once, variables already set winning, for the hub and every command alike. */
export function readEnvFile(): NodeJS.ProcessEnv {
  const file = process.env.ANBINH_ENV_FILE || envFile;
  if (!envRead && existsSync(file)) process.loadEnvFile(file);
  envRead = true;
  return process.env;
}

/** Which database a configuration names, in words, without its password: what a command says it acts on. */
export function describeDatabase(config: Pick<DatabaseConfig, 'url' | 'dataDir'>): string {
  if (!config.url) return `the embedded database in ${config.dataDir}`;
  const url = new URL(config.url);
  return `PostgreSQL database "${decodeURIComponent(url.pathname.slice(1))}" on ${url.hostname || 'localhost'}:${url.port || 5432}`;
}

/** Where the embedded database keeps its files unless PGLITE_DATA_DIR says otherwise: <repo>/.data/pglite (git-ignored). */
export const defaultDataDir = fileURLToPath(new URL('../../.data/pglite', import.meta.url));

export interface DatabaseConfig {
  /** A real PostgreSQL + PostGIS; absent → the embedded PGlite + PostGIS. */
  url?: string;
  /** A streaming replica of it: queries and tiles read there; writes and the change feed stay on `url`. */
  readUrl?: string;
  /** Seconds the replica may be behind before reads fall back to the primary (REPLICA_MAX_LAG). */
  replicaMaxLag?: number;
  /** The embedded database's directory. */
  dataDir: string;
  /** Connection pool size (at most the embedded server's connection limit). */
  poolMax: number;
  /**
   * Named prepared statements on a real PostgreSQL (default on). Turn off behind a
   * pooler in transaction mode (PgBouncer), which cannot keep them. Never used on the embedded one.
   */
  preparedStatements: boolean;
}

/** Seconds a replica may be behind unless REPLICA_MAX_LAG says otherwise. */
export const defaultReplicaMaxLag = 10;

/** Reads the database settings from the environment once; callers pass the result around. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv): DatabaseConfig {
  const poolMax = Number(env.DATABASE_POOL_MAX ?? 8);
  if (!Number.isInteger(poolMax) || poolMax < 1) throw new Error(`DATABASE_POOL_MAX must be a positive integer, got "${env.DATABASE_POOL_MAX}"`);
  const prepared = env.DATABASE_PREPARED_STATEMENTS ?? 'true';
  if (prepared !== 'true' && prepared !== 'false') throw new Error(`DATABASE_PREPARED_STATEMENTS must be true or false, got "${prepared}"`);
  const replicaMaxLag = Number(env.REPLICA_MAX_LAG ?? defaultReplicaMaxLag);
  if (!Number.isFinite(replicaMaxLag) || replicaMaxLag <= 0)
    throw new Error(`REPLICA_MAX_LAG must be a positive number of seconds, got "${env.REPLICA_MAX_LAG}"`);
  if (env.DATABASE_READ_URL && !env.DATABASE_URL)
    throw new Error('DATABASE_READ_URL names a replica of DATABASE_URL: set DATABASE_URL too (the embedded database has no replicas)');
  return {
    url: env.DATABASE_URL || undefined,
    readUrl: env.DATABASE_READ_URL || undefined,
    dataDir: env.PGLITE_DATA_DIR || defaultDataDir,
    poolMax,
    preparedStatements: prepared === 'true',
    replicaMaxLag,
  };
}
