import { afterAll, beforeAll } from 'vitest';
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { openOrm, type MikroORM } from '@anbinh/db';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { createContext } from './graphql/context';
import { createSchema } from './graphql/schema';
import { Gazetteer } from './geography/gazetteer';

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
    const { url, poolMax, preparedStatements } = testDatabaseConfig();
    hub.orm = await openOrm(url!, poolMax, { preparedStatements });
    hub.schema = await createSchema();
    const gazetteer = await Gazetteer.load(hub.orm.em.fork().getKnex());
    hub.query = (source, variables) =>
      graphql({ schema: hub.schema, source, variableValues: variables, contextValue: createContext(hub.orm, gazetteer) }) as never;
  });
  afterAll(async () => {
    await hub.orm?.close();
  });
  return hub;
}
