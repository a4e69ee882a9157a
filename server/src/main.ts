import { loadConfig } from './config';
import { startHub } from './http/hub';

const log = (message: string) => console.log(`[anbinh] ${message}`);
const started = Date.now();
const hub = await startHub(loadConfig(), log);
try {
  await hub.ready;
} catch (error) {
  console.error('[anbinh] Could not prepare the database:', error);
  await hub.stop();
  process.exit(1);
}
log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Open ${hub.url} — GraphQL at ${hub.url}/graphql`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining connections and stopping`);
    await hub.stop();
    process.exit(0);
  });
}
