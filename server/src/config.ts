import { fileURLToPath } from 'node:url';
import { databaseConfigFromEnv, readEnvFile, type DatabaseConfig } from '@anbinh/db';
import { defaultLimits, type GraphQLLimits } from './graphql/limits';
import { authConfigFromEnv, type AuthConfig } from './access/auth-config';
import { defaultRateLimits, type RateLimits } from './access/rate-limit';

export interface Config {
  port: number;
  host: string;
  /** Built web client to serve at `/`. */
  webDir: string;
  database: DatabaseConfig;
  /** What one GraphQL request may ask (see graphql/limits.ts); what is left out takes its default. */
  graphql?: Partial<GraphQLLimits>;
  /** Token keys and lifetimes (see access/auth-config.ts). */
  auth: AuthConfig;
  /** Writes and sign-ins allowed per caller (see access/rate-limit.ts); left out, the defaults. */
  rateLimits?: RateLimits;
  /** Origins (scheme://host:port) whose pages may call the API; none: same origin only. */
  corsOrigins?: string[];
  /** Proxies in front of the hub that append to X-Forwarded-For (see http/client-address.ts); 0: none, the socket's address counts. */
  trustedProxies?: number;
  /** Days the change feed keeps changes; older cursors get RESYNC_REQUIRED (see changes/retention.ts). */
  changeRetentionDays?: number;
  /** Latest changes each server keeps in memory for its subscribers (see changes/tail.ts); one further behind reads the database. */
  changeWindow?: number;
  /** The key page cursors are signed with (CURSOR_SECRET); left out, one derived from the token key. */
  cursorSecret?: Uint8Array;
  /** Up to how many points the map loads a point layer whole as GeoJSON; more, it asks for vector tiles (see tiles/). */
  geojsonMaxPoints?: number;
  /** The bearer token `/metrics` asks for (METRICS_TOKEN); left out, it answers anyone who reaches it. */
  metricsToken?: string;
  /** Operation names `/metrics` counts by name besides the hub's own clients' (METRICS_OPERATIONS); any other counts as "other". */
  metricsOperations?: string[];
  /** A persisted-query manifest registered as trusted documents at start (TRUSTED_DOCUMENTS_FILE; see trusted-documents/). */
  trustedDocumentsFile?: string;
  /** The lowest level logged (LOG_LEVEL): fatal, error, warn, info (default), debug or trace. */
  logLevel?: LogLevel;
  /** An OpenTelemetry collector's OTLP/HTTP address (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:4318): traces are sent there; left out, none are made. */
  otlpEndpoint?: string;
  /** The service name traces carry (OTEL_SERVICE_NAME; default anbinh). */
  serviceName?: string;
  /** How long spans wait to be sent together, in ms (default 5,000). */
  traceDelayMillis?: number;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A province's camera sites for a year load whole in well under a second; a country's 500,000 do not. */
export const defaultGeojsonMaxPoints = 20_000;

/** About 10 MB: a bulk import's worth of changes, so subscribers follow it from memory. */
export const defaultChangeWindow = 20_000;

/** Reads and validates the whole configuration once, at start-up: the environment, over a `.env` file at the repo root if any (see .env.example). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env) readEnvFile();
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    webDir: env.WEB_DIST_DIR || fileURLToPath(new URL('../../web/dist', import.meta.url)),
    database: databaseConfigFromEnv(env),
    graphql: graphqlLimitsFromEnv(env),
    auth: authConfigFromEnv(env),
    rateLimits: {
      writesPerMinute: wholeNumber(env, 'RATE_LIMIT_WRITES_PER_MINUTE', defaultRateLimits.writesPerMinute, 1),
      signInsPer15Minutes: wholeNumber(env, 'RATE_LIMIT_SIGN_INS_PER_15_MINUTES', defaultRateLimits.signInsPer15Minutes, 1),
    },
    corsOrigins: corsOriginsFromEnv(env),
    trustedProxies: wholeNumber(env, 'TRUST_PROXY', 0, 0),
    changeRetentionDays: wholeNumber(env, 'CHANGE_RETENTION_DAYS', 90, 1),
    changeWindow: wholeNumber(env, 'CHANGE_WINDOW', defaultChangeWindow, 1),
    geojsonMaxPoints: wholeNumber(env, 'MAP_GEOJSON_MAX_POINTS', defaultGeojsonMaxPoints, 0),
    cursorSecret: cursorSecretFromEnv(env),
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    metricsOperations: metricsOperationsFromEnv(env),
    logLevel: logLevelFromEnv(env),
    otlpEndpoint: otlpEndpointFromEnv(env),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || undefined,
    trustedDocumentsFile: env.TRUSTED_DOCUMENTS_FILE?.trim() || undefined,
  };
}

function otlpEndpointFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const given = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!given) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(given))
    throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) address such as http://127.0.0.1:4318, got "${given}"`);
  return given;
}

function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const level = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(logLevels as readonly string[]).includes(level)) throw new Error(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);
  return level as LogLevel;
}

/** CURSOR_SECRET, at least 32 characters, so every server behind a balancer accepts the others' cursors; unset: none. */
function cursorSecretFromEnv(env: NodeJS.ProcessEnv): Uint8Array | undefined {
  const secret = env.CURSOR_SECRET?.trim();
  if (!secret) return undefined;
  if (secret.length < 32) throw new Error('CURSOR_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`).');
  return new TextEncoder().encode(secret);
}

/** The GRAPHQL_* variables; an unset or empty one takes its default. */
export function graphqlLimitsFromEnv(env: NodeJS.ProcessEnv): GraphQLLimits {
  return {
    maxDepth: wholeNumber(env, 'GRAPHQL_MAX_DEPTH', defaultLimits.maxDepth, 1),
    maxCost: wholeNumber(env, 'GRAPHQL_MAX_COST', defaultLimits.maxCost, 1),
    maxAliases: wholeNumber(env, 'GRAPHQL_MAX_ALIASES', defaultLimits.maxAliases, 0),
    maxBatch: wholeNumber(env, 'GRAPHQL_MAX_BATCH', defaultLimits.maxBatch, 1),
    maxBodyBytes: byteSize(env, 'GRAPHQL_MAX_BODY_SIZE', defaultLimits.maxBodyBytes),
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', defaultLimits.introspection),
    persistedQueryCacheBytes: byteSize(env, 'GRAPHQL_APQ_CACHE_SIZE', defaultLimits.persistedQueryCacheBytes),
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

const units: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

/** A size in bytes: `1048576`, `512kb` or `1mb` (1 kb = 1024 bytes). */
function byteSize(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(raw);
  const bytes = match ? Math.floor(Number(match[1]) * units[(match[2] ?? '').toLowerCase()]) : NaN;
  if (!(bytes >= 1)) throw new Error(`${name} must be a size such as 1mb, 512kb or 1048576 (bytes), got "${raw}"`);
  return bytes;
}

/** CORS_ORIGINS: a comma-separated allow-list of origins, each scheme://host[:port]. */
function metricsOperationsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const names = (env.METRICS_OPERATIONS ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names)
    if (!/^[A-Za-z_]\w{0,63}$/.test(name)) throw new Error(`METRICS_OPERATIONS must list GraphQL operation names like PartnerSync, got "${name}"`);
  return names;
}

function corsOriginsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const origins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`CORS_ORIGINS must list origins like https://dashboard.example.vn (no path), got "${origin}"`);
  }
  return origins;
}
