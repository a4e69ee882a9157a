import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostGIS, provided by test/src/global-setup.ts. */
    databaseUrl: string;
  }
}

/** The URL of the database the test run set up (migrated and seeded once). */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}
