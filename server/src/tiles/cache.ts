import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';

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
  private tiles: LRUCache<string, CachedTile>;

  constructor(maxBytes: number) {
    // A tile over a quarter of the budget is not worth evicting that much for.
    this.tiles = new LRUCache({ maxSize: maxBytes, maxEntrySize: maxBytes / 4, sizeCalculation: (tile, key) => sizeOf(key, tile) });
  }

  /** Lookups answered from memory, and not: the metrics' tile cache counts. */
  hits = 0;
  misses = 0;

  get(key: string): CachedTile | undefined {
    const tile = this.tiles.get(key);
    if (tile) this.hits++;
    else this.misses++;
    return tile;
  }

  set(key: string, body: Buffer): CachedTile {
    const tile: CachedTile = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    // Two requests that missed the same tile at once both make it: the second replaces the first.
    this.tiles.set(key, tile);
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
      // Set again as a new object: the cache sizes an entry when it is set, and the compressed bytes count too.
      if (this.tiles.peek(key) === tile) this.tiles.set(key, { ...tile });
    }
    return tile.gzip;
  }
}
