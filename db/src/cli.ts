import { databaseConfigFromEnv } from './config';
import { openDatabase, prepareDatabase } from './database';

/** `pnpm db:migrate` applies migrations (and seeds an empty database); `pnpm db:seed` reloads the sample data. */
const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: tsx src/cli.ts migrate|seed');
  process.exit(2);
}
const log = (message: string) => console.log(`[db] ${message}`);
const db = await openDatabase(databaseConfigFromEnv(process.env), log);
try {
  await prepareDatabase(db.orm, log, { forceSeed: command === 'seed' });
  log('Done');
} finally {
  await db.close();
}
