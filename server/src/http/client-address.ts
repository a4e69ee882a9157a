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
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [...forwarded, ...(socket ? [socket] : [])];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? socket;
}

const scheme = /^https?$/;
const hostAndPort = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * The origin the caller used (`https://hub.example.vn`), for the absolute URLs the hub gives out (TileJSON):
 * its Host, with behind trusted proxies the scheme the nearest one forwarded (X-Forwarded-Proto, else RFC 7239
 * Forwarded), so that a page served over HTTPS is not sent http URLs. A forwarded host is not believed: proxies
 * pass a caller's own X-Forwarded-Host on; a proxy that rewrites Host should pass the original (nginx: `$http_host`).
 */
export function requestOrigin(req: IncomingMessage, trustedProxies: number): string {
  const host = req.headers.host && hostAndPort.test(req.headers.host) ? req.headers.host : `localhost:${req.socket.localPort ?? 80}`;
  let proto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (trustedProxies > 0) {
    const forwarded = /(?:^|;)\s*proto=([a-z]+)/i.exec(lastValue(req, 'forwarded') ?? '')?.[1];
    const claimed = (lastValue(req, 'x-forwarded-proto') ?? forwarded)?.toLowerCase();
    if (claimed && scheme.test(claimed)) proto = claimed;
  }
  return `${proto}://${host}`;
}

/** The last value of a comma-separated header: the one the nearest proxy wrote. */
function lastValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers[name];
  return (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .at(-1);
}
