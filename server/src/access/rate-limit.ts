import { Kind, OperationTypeNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { userError } from '../graphql/errors';

/**
 * A fixed allowance per key per window (sliding by whole windows), in memory:
 * per process, which is enough to slow a guesser or a runaway client down. Keys
 * not seen for a window are forgotten, so memory follows the active callers.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one use of `key`; refuses with RATE_LIMITED (and when to retry) past the allowance. */
  take(key: string, what: string): void {
    const now = this.now();
    if (this.windows.size > 10_000) this.forgetOld(now);
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    window.count++;
    if (window.count > this.limit) {
      const retryAfter = Math.ceil((window.start + this.windowMs - now) / 1000);
      throw userError(`Too many ${what}: at most ${this.limit} per ${Math.round(this.windowMs / 60_000)} min. Try again in ${retryAfter} s.`, 'RATE_LIMITED', {
        retryAfter,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
      });
    }
  }

  private forgetOld(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}

export interface RateLimits {
  /** Mutations per minute, per token and per address. */
  writesPerMinute: number;
  /** Sign-in attempts per 15 minutes, per address. */
  signInsPer15Minutes: number;
}

export const defaultRateLimits: RateLimits = { writesPerMinute: 120, signInsPer15Minutes: 10 };

/** Counts every mutation against its token and its address, and sign-ins against the address, before anything runs. */
export function rateLimitPlugin<TContext extends { viewer: { subject: string | null }; address: string | null }>(
  limits: RateLimits,
): ApolloServerPlugin<TContext> {
  const writes = new RateLimiter(limits.writesPerMinute, 60_000);
  const signIns = new RateLimiter(limits.signInsPer15Minutes, 15 * 60_000);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          const address = contextValue.address ?? 'unknown';
          const signsIn = operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'signIn');
          if (signsIn) signIns.take(`address:${address}`, 'sign-in attempts from your address');
          else {
            if (contextValue.viewer.subject) writes.take(`token:${contextValue.viewer.subject}`, 'writes with your token');
            writes.take(`address:${address}`, 'writes from your address');
          }
        },
      };
    },
  };
}
