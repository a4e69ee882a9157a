import { readFileSync, writeFileSync } from 'node:fs';
import { openOrm, prepareDatabase, startEmbeddedPostgis } from '@anbinh/db';
const t = () => performance.now() / 1000;
let t0 = t();
const e = await startEmbeddedPostgis({ maxConnections: 2 });
console.log('cold start', (t() - t0).toFixed(1)); t0 = t();
const orm = await openOrm(e.url, 2);
await prepareDatabase(orm, () => undefined);
await orm.close();
console.log('migrate+seed', (t() - t0).toFixed(1)); t0 = t();
writeFileSync('/tmp/tests-meas/snap.tar', Buffer.from(await (await e.dump()).arrayBuffer()));
console.log('dump', (t() - t0).toFixed(1), readFileSync('/tmp/tests-meas/snap.tar').length);
await e.stop();
for (let i = 0; i < 3; i++) {
  t0 = t();
  const f = await startEmbeddedPostgis({ maxConnections: 16, loadDataDir: new Blob([readFileSync('/tmp/tests-meas/snap.tar')]) });
  const o = await openOrm(f.url, 1);
  const r = await o.em.getKnex().raw('select count(*)::int as n from camera_site');
  console.log('start from snapshot', (t() - t0).toFixed(1), r.rows[0].n, 'rss MB', Math.round(process.memoryUsage().rss / 1e6));
  await o.close(); await f.stop();
}
