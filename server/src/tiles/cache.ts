import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface CachedTile {
  /** The MVT bytes (empty: no features). */
  body: Buffer;
  /** The same, gzip-compressed, for clients that accept it. */
  gzip: Buffer;
  etag: string;
}

/**
 * Tiles (and what several tiles share, such as a metric's values) kept in
 * memory, least recently used first out, within a byte budget. Keys carry the
 * generation of each table they were read from; a change to a table (seen by
 * the change feed, or written by this server) moves its generation on, so the
 * next request reads afresh and the stale entries age out unused.
 */
export class TileCache {
  private tiles = new Map<string, CachedTile>();
  private bytes = 0;
  private shared = new Map<string, Promise<unknown>>();
  private generations = new Map<string, number>();
  private everything = 0;

  constructor(private maxBytes: number) {}

  /** The generations of these tables: part of a key, so a change makes the old entry unreachable. */
  stamp(tables: readonly string[]): string {
    return `${this.everything}:${tables.map((t) => this.generations.get(t) ?? 0).join('.')}`;
  }

  changed(tables: Iterable<string>): void {
    for (const table of tables) this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
    this.shared.clear();
  }

  /** Something was written here: whatever it was, no tile read before it is served again. */
  changedAnything(): void {
    this.everything++;
    this.shared.clear();
  }

  get(key: string): CachedTile | undefined {
    const tile = this.tiles.get(key);
    if (tile) {
      this.tiles.delete(key); // most recently used goes last
      this.tiles.set(key, tile);
    }
    return tile;
  }

  set(key: string, body: Buffer): CachedTile {
    const tile = { body, gzip: gzipSync(body), etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    const size = tile.body.length + tile.gzip.length + key.length;
    if (size > this.maxBytes / 4) return tile; // not worth evicting a quarter of the cache for
    this.tiles.set(key, tile);
    this.bytes += size;
    for (const [old, cached] of this.tiles) {
      if (this.bytes <= this.maxBytes) break;
      this.tiles.delete(old);
      this.bytes -= cached.body.length + cached.gzip.length + old.length;
    }
    return tile;
  }

  /** Computes `key` once until the next change (a failure is not kept). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.shared.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.shared.set(key, value);
      value.catch(() => this.shared.delete(key));
    }
    return value;
  }
}
