import { inject } from 'vitest';
import type { DatabaseConfig } from './config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostGIS, provided by test/src/global-setup.ts. */
    databaseUrl: string;
    /** Whether it is the embedded PGlite (served over a socket, so it looks like any URL). */
    databaseEmbedded: boolean;
  }
}

/** The URL of the database the test run set up (migrated and seeded once). */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

/** Settings for a hub or ORM on the run's database: prepared statements exactly when it is a real PostgreSQL. */
export function testDatabaseConfig(poolMax = 2): DatabaseConfig {
  return { url: inject('databaseUrl'), dataDir: '', poolMax, preparedStatements: !inject('databaseEmbedded') };
}

export { freePort, privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres';
