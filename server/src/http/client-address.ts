import type { IncomingMessage } from 'node:http';

/**
 * The caller's address, for rate limits and the audit log. Behind `trustedProxies`
 * load balancers or reverse proxies, each of which appends the address it saw to
 * X-Forwarded-For, the caller is that many entries from the right; entries further
 * left are whatever the caller wrote, so they are never believed.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string | null {
  const socket = req.socket.remoteAddress ?? null;
  if (trustedProxies === 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  const chain = [...forwarded, ...(socket ? [socket] : [])];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? socket;
}
