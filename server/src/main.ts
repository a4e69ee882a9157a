import { describeDatabase } from '@anbinh/db';
import { loadConfig } from './config';
import { startHub } from './app/hub';
import { logger, setLogLevel } from './observability/log';

const log = (message: string) => logger.info(message);
const started = Date.now();
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  console.error(`[anbinh] ${(error as Error).message}. Fix it in the environment or .env (see .env.example).`);
  process.exit(2);
}
setLogLevel(config.logLevel ?? 'info');
const hub = await startHub(config, log).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE')
    console.error(`[anbinh] Port ${config.port} on ${config.host} is already in use (another hub, or another program): stop it, or set PORT to a free port.`);
  else if (error.code === 'EACCES')
    console.error(`[anbinh] Not allowed to listen on port ${config.port}: ports below 1024 need privileges; set PORT to 1024 or above.`);
  else console.error(`[anbinh] Could not start: ${error.message}`);
  process.exit(1);
});
try {
  await hub.ready;
} catch (error) {
  console.error(
    `[anbinh] Could not prepare ${describeDatabase(config.database)}: ${(error as Error).message}. Check DATABASE_URL and that the database is running.`,
  );
  await hub.stop();
  process.exit(1);
}
log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Open ${hub.url} — GraphQL at ${hub.url}/graphql`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining connections and stopping`);
    hub.stop().then(
      () => process.exit(0),
      (error: Error) => {
        log(`Stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
  });
}
