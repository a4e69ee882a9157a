import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import express, { type RequestHandler } from 'express';

/** Vite names these files by their contents' hash: a new build gives new names, so a copy never goes stale. */
const hashed = /^\/assets\//;
const year = 365 * 24 * 3600;

/**
 * The built web client: each file as its brotli or gzip twin written at build time when the client accepts
 * one (no compression per request), hashed assets cached for a year as immutable, pages revalidated.
 */
export function webClient(webDir: string): RequestHandler {
  const dir = resolve(webDir);
  const files = express.static(dir, {
    index: 'index.html',
    setHeaders(res, path) {
      res.setHeader('Cache-Control', hashed.test(path.slice(dir.length).split(sep).join('/')) ? `public, max-age=${year}, immutable` : 'no-cache');
    },
  });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path.endsWith('/') ? `${req.path}index.html` : req.path;
    const file = normalize(join(dir, decodeURIComponentSafe(path)));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) return files(req, res, next);
    const encoding = req.acceptsEncodings('br', 'gzip', 'identity');
    const twin = encoding === 'br' ? `${file}.br` : encoding === 'gzip' ? `${file}.gz` : undefined;
    res.vary('Accept-Encoding');
    if (!twin || !existsSync(twin)) return files(req, res, next);
    res.type(extname(file));
    res.setHeader('Content-Encoding', encoding as string);
    const cache = hashed.test(file.slice(dir.length).split(sep).join('/')) ? `public, max-age=${year}, immutable` : 'no-cache';
    res.sendFile(twin, { headers: { 'Cache-Control': cache } }, (error) => {
      if (error) next(error);
    });
  };
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
