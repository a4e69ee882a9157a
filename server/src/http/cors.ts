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
      const vary = res.getHeader('Vary');
      if (!vary) res.setHeader('Vary', 'Origin');
      else if (!/\borigin\b/i.test(String(vary))) res.setHeader('Vary', `${vary}, Origin`);
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
