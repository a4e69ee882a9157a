import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { databaseConfigFromEnv, type DatabaseConfig } from '@anbinh/db';

export interface Config {
  port: number;
  host: string;
  /** Built web client to serve at `/`. */
  webDir: string;
  database: DatabaseConfig;
}

const envFile = fileURLToPath(new URL('../../.env', import.meta.url));

/** Reads and validates the whole configuration once, at start-up: the environment, over a `.env` file at the repo root if any (see .env.example). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    webDir: env.WEB_DIST_DIR || fileURLToPath(new URL('../../web/dist', import.meta.url)),
    database: databaseConfigFromEnv(env),
  };
}
