import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { useRunningHub } from '../testing';

/** A raw GET: the body as sent on the wire (not decoded), with the headers. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}
const decode = (r: { headers: Record<string, unknown>; body: Buffer }) =>
  (r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body).toString(
    'utf8',
  );

const web = mkdtempSync(join(tmpdir(), 'anbinh-web-'));
const script = `console.log(${JSON.stringify('An Bình '.repeat(500))});\n`;
mkdirSync(join(web, 'assets'));
writeFileSync(join(web, 'index.html'), `<!doctype html><title>An Bình</title><script type="module" src="/assets/main-Ab12Cd34.js"></script>`);
writeFileSync(join(web, 'assets', 'main-Ab12Cd34.js'), script);
writeFileSync(join(web, 'assets', 'main-Ab12Cd34.js.br'), brotliCompressSync(script));
writeFileSync(join(web, 'assets', 'main-Ab12Cd34.js.gz'), gzipSync(script));

describe('what the hub sends: compressed, cacheable, with security headers', () => {
  const running = useRunningHub({ webDir: web });
  afterAll(() => rmSync(web, { recursive: true, force: true }));
  const url = (path: string) => `${running.hub.url}${path}`;

  it('sends a hashed asset as its brotli or gzip twin, cached for a year as immutable', async () => {
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const r = await get(url('/assets/main-Ab12Cd34.js'), { 'accept-encoding': accept });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe(encoding);
      expect(r.headers['content-type']).toMatch(/javascript/);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(decode(r)).toBe(script);
    }
  });

  it('revalidates the page itself, and sends it with a content security policy and the usual guards', async () => {
    const r = await get(url('/'), { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("worker-src 'self' blob:");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('never serves a file outside the web client', async () => {
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const r = await get(url(path), { 'accept-encoding': 'br' });
      expect(r.status).toBe(404);
      expect(r.body.toString()).not.toContain('root:');
    }
  });

  it('compresses the unit polygons and an export in the encoding the client prefers', async () => {
    const units = await get(url('/geo/units.geojson?level=COMMUNE&asOf=2021-06-30'), { 'accept-encoding': 'br;q=1, gzip;q=0.5' });
    expect(units.status).toBe(200);
    expect(units.headers['content-encoding']).toBe('br');
    const plain = await get(url('/geo/units.geojson?level=COMMUNE&asOf=2021-06-30'), {});
    expect(units.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(decode(units))).toEqual(JSON.parse(plain.body.toString('utf8')));

    const csv = await get(url('/export/valuableTips.csv'), { 'accept-encoding': 'gzip' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(decode(csv).split('\n').length).toBeGreaterThan(1000);
  });

  it('compresses GraphQL answers on the POST fast path too, from a kilobyte up, as the client allows', async () => {
    const post = (query: string, headers: Record<string, string>) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = request(url('/graphql'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject).end(JSON.stringify({ query }));
      });
    const big = '{ adminUnits(level: COMMUNE, first: 100) { nodes { code name } } }';
    const plain = await post(big, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const [accept, coding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const answer = await post(big, { 'accept-encoding': accept });
      expect(answer.headers['content-encoding'], accept).toBe(coding);
      expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
      expect(JSON.parse(decode(answer))).toEqual(JSON.parse(plain.body.toString('utf8')));
      if (coding) expect(answer.body.length).toBeLessThan(plain.body.length / 3);
    }
    const small = await post('{ __typename }', { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
