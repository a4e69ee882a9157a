// The baseline for the hub's tile overhead: the least a tile server can do (as pg_tileserv does) —
// the same ST_AsMVT statement as the hub's for the URL's tile and parameters, sent by a pg pool,
// its bytes answered, no token, no cache, no compression; its connections set up as the hub's (no
// parallel workers, no JIT, the same work_mem), so that the two differ by the hub's own work only.
// Started by bench/tiles.ts on PORT.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { sessionSettings, toPositional } from '@anbinh/db';
import { tileLayers, tileStatement } from '@anbinh/server';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
pool.on('connect', (client) => void client.query(sessionSettings)); // queued before the first request's query
const reader = { viewer: { role: 'PUBLIC', units: [] } } as never; // the public: no scope (the bench asks no metric)

async function serveTile(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, 'http://bare');
  if (url.pathname === '/readyz') return void res.end('ok');
  const match = /^\/tiles\/(\w+)\/(\d+)\/(\d+)\/(\d+)\.mvt$/.exec(url.pathname);
  if (!match) return void res.writeHead(404).end();
  const [, layer, z, x, y] = match;
  try {
    const statement = await tileStatement(reader, tileLayers()[layer], Object.fromEntries(url.searchParams), [Number(z), Number(x), Number(y)], true);
    const { rows } = await pool.query(toPositional(statement.sql), statement.bindings);
    const tile: Buffer = rows[0].tile;
    res.writeHead(tile.length ? 200 : 204, { 'content-type': 'application/vnd.mapbox-vector-tile' }).end(tile);
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
}

createServer((req, res) => {
  serveTile(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
}).listen(Number(process.env.PORT), process.env.HOST);
