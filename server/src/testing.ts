import { afterAll, beforeAll } from 'vitest';
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { openOrm, type MikroORM } from '@anbinh/db';
import { testDatabaseUrl } from '@anbinh/db/testing';
import { createContext } from './graphql/context';
import { createSchema } from './graphql/schema';

export interface TestHub {
  orm: MikroORM;
  schema: GraphQLSchema;
  /** Runs a GraphQL document in-process, with a fresh request context. */
  query<T = Record<string, any>>(source: string, variables?: Record<string, unknown>): Promise<ExecutionResult<T>>;
}

/** Connects a test file to the run's database (see test/src/global-setup.ts) and builds the schema once. */
export function useTestHub(): TestHub {
  const hub = {} as TestHub;
  beforeAll(async () => {
    hub.orm = await openOrm(testDatabaseUrl(), 2);
    hub.schema = await createSchema();
    hub.query = (source, variables) =>
      graphql({ schema: hub.schema, source, variableValues: variables, contextValue: createContext(hub.orm) }) as never;
  });
  afterAll(async () => {
    await hub.orm?.close();
  });
  return hub;
}
