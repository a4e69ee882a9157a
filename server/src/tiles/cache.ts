import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface CachedTile {
  /** The MVT bytes (empty: no features). */
  body: Buffer;
  /** The same, gzip-compressed, made when a client first accepts it (see TileCache.gzip). */
  gzip?: Buffer;
  etag: string;
}

const sizeOf = (key: string, tile: CachedTile) => key.length + tile.body.length + (tile.gzip?.length ?? 0);

/**
 * Tiles kept in memory, least recently used first out, within a byte budget.
 * Keys carry the generations of the tables a tile was read from (Freshness),
 * so after a change the old entries are unreachable and age out unused.
 */
export class TileCache {
  private tiles = new Map<string, CachedTile>();
  private bytes = 0;

  constructor(private maxBytes: number) {}

  /** Lookups answered from memory, and not: the metrics' tile cache counts. */
  hits = 0;
  misses = 0;

  get(key: string): CachedTile | undefined {
    const tile = this.tiles.get(key);
    if (tile) this.hits++;
    else this.misses++;
    if (tile) {
      this.tiles.delete(key); // most recently used goes last
      this.tiles.set(key, tile);
    }
    return tile;
  }

  set(key: string, body: Buffer): CachedTile {
    const tile: CachedTile = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    if (sizeOf(key, tile) > this.maxBytes / 4) return tile; // not worth evicting a quarter of the cache for
    // Two requests that missed the same tile at once both make it: the second replaces the first.
    const replaced = this.tiles.get(key);
    if (replaced) {
      this.tiles.delete(key);
      this.bytes -= sizeOf(key, replaced);
    }
    this.tiles.set(key, tile);
    this.bytes += sizeOf(key, tile);
    this.evict();
    return tile;
  }

  /**
   * The tile gzip-compressed, made on first need and kept with it: a client that does not accept gzip
   * (a GIS tool, a proxy) costs no compression. Level 1: vector tiles (varints) compress almost as well
   * as at the default level, in less time.
   */
  gzip(key: string, tile: CachedTile): Buffer {
    if (!tile.gzip) {
      tile.gzip = gzipSync(tile.body, { level: 1 });
      if (this.tiles.get(key) === tile) {
        this.bytes += tile.gzip.length;
        this.evict();
      }
    }
    return tile.gzip;
  }

  private evict() {
    for (const [old, cached] of this.tiles) {
      if (this.bytes <= this.maxBytes) break;
      this.tiles.delete(old);
      this.bytes -= sizeOf(old, cached);
    }
  }
}
