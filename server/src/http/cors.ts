import type { RequestHandler } from 'express';

/**
 * CORS for an allow-list of origins (a partner's dashboard on another host).
 * Other origins get no CORS headers, so their pages cannot read the answers;
 * with an empty list only the hub's own pages can.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      addVary(res, 'Origin');
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'false');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name');
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        res.end();
        return;
      }
    }
    next();
  };
}

/** Adds `header` to the answer's Vary, keeping what others put there. */
export function addVary(res: { getHeader(name: string): unknown; setHeader(name: string, value: string): unknown }, header: string): void {
  const given = res.getHeader('Vary');
  const vary = Array.isArray(given) ? given.join(', ') : typeof given === 'string' ? given : '';
  if (!vary) res.setHeader('Vary', header);
  else if (!new RegExp(`\\b${header}\\b`, 'i').test(vary)) res.setHeader('Vary', `${vary}, ${header}`);
}
