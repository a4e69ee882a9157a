import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { Role } from '@anbinh/shared';
import { userError } from '../graphql/errors';
import { Cursors } from '../graphql/pagination';
import type { AuthConfig } from './auth-config';
import { publicViewer, type Viewer } from './viewer';

/** What a token says of its bearer, beyond the standard claims. */
export interface RoleClaims {
  sub: string;
  role: Role;
  units?: string[];
  changeTypes?: string[];
  /** `trusted`: the bearer may run only registered documents (trusted-documents/). */
  docs?: 'trusted';
}

const signedRoles = new Set<string>(Object.values(Role).filter((r) => r !== Role.PUBLIC));

/**
 * Signs the hub's own tokens (HS256) and verifies tokens from the hub or from an
 * identity provider's key set (JWKS). Every failure is UNAUTHENTICATED with a sentence.
 * Also holds the signer of page cursors, the other thing the hub hands out and takes back.
 */
export class Tokens {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  readonly cursors: Cursors;

  /** `cursorSecret`: CURSOR_SECRET; without it cursors are signed with a key derived from the token key. */
  constructor(
    private readonly config: AuthConfig,
    cursorSecret?: Uint8Array,
  ) {
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
    this.cursors = new Cursors(cursorSecret ?? config.secret);
  }

  async sign(claims: RoleClaims, ttlSeconds = this.config.tokenTtlSeconds): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
    const token = await new SignJWT({
      role: claims.role,
      units: claims.units ?? [],
      ...(claims.changeTypes ? { changeTypes: claims.changeTypes } : {}),
      ...(claims.docs ? { docs: claims.docs } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.config.secret);
    return { token, expiresAt };
  }

  /** The viewer a bearer token stands for. */
  async verify(token: string): Promise<Viewer> {
    let payload: JWTPayload;
    try {
      const options = { issuer: this.config.issuer, audience: this.config.audience, clockTolerance: 30 };
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256') payload = (await jwtVerify(token, this.config.secret, { ...options, algorithms: ['HS256'] })).payload;
      else if (this.jwks) payload = (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] })).payload;
      else
        throw userError(
          `Tokens signed with ${alg ?? 'no algorithm'} are not accepted here: the hub takes HS256 tokens it signed (set AUTH_JWKS_URL to accept an identity provider's).`,
          'UNAUTHENTICATED',
        );
    } catch (error) {
      throw unauthenticated(error);
    }
    const { sub, role, units = [], changeTypes, docs } = payload as JWTPayload & { role?: unknown; units?: unknown; changeTypes?: unknown; docs?: unknown };
    if (typeof sub !== 'string' || sub === '') throw userError('The token has no subject (sub claim); ask for a new one.', 'UNAUTHENTICATED');
    if (typeof role !== 'string' || !signedRoles.has(role)) {
      throw userError(`The token's role claim must be one of ${[...signedRoles].join(', ')}; got ${JSON.stringify(role)}.`, 'UNAUTHENTICATED');
    }
    if (docs !== undefined && docs !== 'trusted')
      throw userError(`The token's docs claim may only be "trusted" (run registered documents only); got ${JSON.stringify(docs)}.`, 'UNAUTHENTICATED');
    const codes = (list: unknown, name: string) => {
      if (list === undefined) return undefined;
      if (!Array.isArray(list) || !list.every((c) => typeof c === 'string' && c.length <= 40))
        throw userError(`The token's ${name} claim must be a list of strings.`, 'UNAUTHENTICATED');
      return list as string[];
    };
    return {
      role: role as Role,
      subject: sub,
      units: codes(units, 'units') ?? [],
      changeTypes: codes(changeTypes, 'changeTypes'),
      ...(docs === 'trusted' ? { docs } : {}),
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
    };
  }
}

function unauthenticated(error: unknown) {
  if ((error as { extensions?: { code?: string } }).extensions?.code === 'UNAUTHENTICATED') return error;
  if (error instanceof errors.JWTExpired) return userError('The token has expired: sign in again (mutation signIn) for a new one.', 'UNAUTHENTICATED');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return userError('The token’s signature does not match: it was altered or signed with another key.', 'UNAUTHENTICATED');
  if (error instanceof errors.JWTClaimValidationFailed)
    return userError(`The token was not issued for this hub (${error.claim} claim): ask for a token from this hub.`, 'UNAUTHENTICATED');
  return userError('The Authorization header does not hold a valid token ("Bearer <JWT>").', 'UNAUTHENTICATED');
}

/**
 * Who sends a request, by its Authorization header value: the public without
 * one. A bad token is the caller's to fix, refused before anything runs:
 * UNAUTHENTICATED with the reason, and HTTP 401 (WebSocket: close code 4401).
 */
export async function viewerFromHeader(tokens: Tokens, header: string | undefined): Promise<Viewer> {
  if (header === undefined || header.trim() === '') return publicViewer;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  try {
    if (!match) throw userError('The Authorization header must be "Bearer <token>".', 'UNAUTHENTICATED');
    return await tokens.verify(match[1]);
  } catch (error) {
    throw userError((error as Error).message, 'UNAUTHENTICATED', { http: { status: 401 } });
  }
}
