import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AuthConfig {
  /** The HS256 key for tokens the hub signs (sign-in, `pnpm token`) and accepts. */
  secret: Uint8Array;
  /** Where it came from, for the start-up log (never the secret itself). */
  secretSource: string;
  /** An identity provider's key set: its RS256/ES256 tokens are accepted too. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Lifetime of the tokens the hub signs. */
  tokenTtlSeconds: number;
}

export const defaultSecretFile = fileURLToPath(new URL('../../../.data/jwt-secret', import.meta.url));

/**
 * AUTH_JWT_SECRET (at least 32 characters) if set; else a random secret kept in
 * AUTH_SECRET_FILE (default .data/jwt-secret, git-ignored, created on first use),
 * so no secret ships with the code and `pnpm token` signs what the hub accepts.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv): AuthConfig {
  let secret: Uint8Array;
  let secretSource: string;
  if (env.AUTH_JWT_SECRET) {
    if (env.AUTH_JWT_SECRET.length < 32) throw new Error('AUTH_JWT_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`).');
    secret = new TextEncoder().encode(env.AUTH_JWT_SECRET);
    secretSource = 'AUTH_JWT_SECRET';
  } else {
    const file = env.AUTH_SECRET_FILE || defaultSecretFile;
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
    }
    chmodSync(file, 0o600);
    secret = new TextEncoder().encode(readFileSync(file, 'utf8').trim());
    secretSource = file;
  }
  const ttl = Number(env.AUTH_TOKEN_TTL_SECONDS ?? 8 * 3600);
  if (!Number.isInteger(ttl) || ttl < 60) throw new Error(`AUTH_TOKEN_TTL_SECONDS must be a whole number of seconds ≥ 60, got "${env.AUTH_TOKEN_TTL_SECONDS}"`);
  if (env.AUTH_JWKS_URL && !/^https?:\/\//.test(env.AUTH_JWKS_URL)) throw new Error(`AUTH_JWKS_URL must be an http(s) URL, got "${env.AUTH_JWKS_URL}"`);
  return {
    secret,
    secretSource,
    jwksUrl: env.AUTH_JWKS_URL || undefined,
    issuer: env.AUTH_ISSUER || 'anbinh',
    audience: env.AUTH_AUDIENCE || 'anbinh',
    tokenTtlSeconds: ttl,
  };
}
