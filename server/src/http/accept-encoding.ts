import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Coding = 'br' | 'gzip';

/** Answers smaller than this go as they are: compressing them saves less than it costs. */
export const compressFrom = 1024;
/** Brotli's quality for answers made per request: near gzip's speed, smaller. */
export const brotliParams = { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 };

/** The first of `offered` that Accept-Encoding allows (named, or by *, with a non-zero q), or undefined for none. */
export function acceptedCoding(header: string | undefined, offered: readonly Coding[]): Coding | undefined {
  if (!header) return undefined;
  const codings = new Map(
    header.split(',').map((part) => {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return [name.trim(), q === undefined ? 1 : Number(q)] as const;
    }),
  );
  return offered.find((coding) => (codings.get(coding) ?? codings.get('*') ?? 0) > 0);
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** `body` in `coding`, off the main thread. */
export function compress(body: Buffer | string, coding: Coding): Promise<Buffer> {
  return coding === 'br' ? brotli(body, { params: brotliParams }) : gzip(body);
}
