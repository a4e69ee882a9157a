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
 * Tiles kept in memory, least recently used first out, within a byte budget.
 * Keys carry the generations of the tables a tile was read from (Freshness),
 * so after a change the old entries are unreachable and age out unused.
 */
export class TileCache {
  private tiles = new Map<string, CachedTile>();
  private bytes = 0;

  constructor(private maxBytes: number) {}

  get(key: string): CachedTile | undefined {
    const tile = this.tiles.get(key);
    if (tile) {
      this.tiles.delete(key); // most recently used goes last
      this.tiles.set(key, tile);
    }
    return tile;
  }

  set(key: string, body: Buffer): CachedTile {
    // Level 1: vector tiles (varints) compress almost as well as at the default 6, in 60 % of the time
    // (a national zoom-6 tile of 289 kB: 149 kB in 5.2 ms against 147 kB in 8.7 ms).
    const tile = { body, gzip: gzipSync(body, { level: 1 }), etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
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
}
