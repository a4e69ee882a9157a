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

const scheme = /^https?$/;
const hostAndPort = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * The origin the caller used (`https://hub.example.vn`), for the absolute URLs the hub gives out
 * (TileJSON): behind trusted proxies, the scheme and host they forwarded (X-Forwarded-Proto and
 * X-Forwarded-Host, else RFC 7239 Forwarded), so that a page served over HTTPS is not sent http URLs.
 * Values that are not a plain scheme or host are ignored.
 */
export function requestOrigin(req: IncomingMessage, trustedProxies: number): string {
  const direct = { proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http', host: req.headers.host ?? 'localhost' };
  if (trustedProxies === 0) return `${direct.proto}://${direct.host}`;
  // The proxy nearest the hub writes last; its value is the one to believe.
  const last = (name: string) => {
    const header = req.headers[name];
    const values = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    return values.at(-1);
  };
  const forwarded = Object.fromEntries((last('forwarded') ?? '').split(';').map((pair) => {
    const [key, value = ''] = pair.split('=');
    return [key.trim().toLowerCase(), value.trim().replace(/^"|"$/g, '')];
  }));
  const proto = (last('x-forwarded-proto') ?? forwarded.proto)?.toLowerCase();
  const host = last('x-forwarded-host') ?? forwarded.host;
  return `${proto && scheme.test(proto) ? proto : direct.proto}://${host && hostAndPort.test(host) ? host : direct.host}`;
}
