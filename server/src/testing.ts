import { afterAll, beforeAll } from 'vitest';
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { openOrm, type MikroORM } from '@anbinh/db';
import { testData, testDatabaseConfig, type TestData } from '@anbinh/db/testing';
import type { Context } from './graphql/context';
import { createContext } from './app/context';
import { createSchema } from './app/schema';
import { Gazetteer } from './geography/gazetteer';
import { authConfigFromEnv } from './access/auth-config';
import { Tokens } from './access/tokens';
import { publicViewer, type Viewer } from './access/viewer';
import type { Role } from '@anbinh/shared';
import type { Config } from './config';
import { startHub, type Hub } from './app/hub';

/** A viewer for in-process queries: a role, the units it acts for, and the subject "<role>@test". */
export function viewerAs(role: Role, units: string[] = []): Viewer {
  return { role, subject: `${role.toLowerCase()}@test`, units };
}

/** Token settings for tests: a fixed secret, nothing written to disk. */
export const testSecret = 'test-secret-for-the-hub-tests-only-0123456789';
export const testAuth = authConfigFromEnv({ AUTH_JWT_SECRET: testSecret });

export interface TestHub {
  orm: MikroORM;
  schema: GraphQLSchema;
  tokens: Tokens;
  /** Runs a GraphQL document in-process, with a fresh request context, as `viewer` (default: the public). */
  query<T = Record<string, any>>(source: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<ExecutionResult<T>>;
  /** A request context as `viewer`, for code that runs outside GraphQL (bulk import). */
  context(viewer: Viewer): Context;
  /** Factories of rows in this file's database (db/src/factories.ts). */
  data: TestData;
}

/**
 * Connects a test file to its own database (see test/src/file-database.ts) and builds the schema once; `prepare`
 * writes what must be there before the geography is loaded (a commune of the file's own).
 */
export function useTestHub(prepare?: (data: TestData) => Promise<unknown>): TestHub {
  const hub = {} as TestHub;
  beforeAll(async () => {
    const { url, poolMax, preparedStatements } = testDatabaseConfig();
    hub.orm = await openOrm(url!, poolMax, { preparedStatements });
    hub.data = testData(hub.orm.em.getKnex());
    await prepare?.(hub.data);
    hub.schema = await createSchema();
    const gazetteer = await Gazetteer.load(hub.orm.em.fork().getKnex());
    hub.tokens = new Tokens(testAuth);
    hub.context = (viewer) => createContext({ primary: hub.orm.em.getKnex(), gazetteer, tokens: hub.tokens }, viewer, '127.0.0.1');
    hub.query = (source, variables, viewer = publicViewer) =>
      graphql({ schema: hub.schema, source, variableValues: variables, contextValue: hub.context(viewer) }) as never;
  });
  afterAll(async () => {
    await hub.orm?.close();
  });
  return hub;
}

export interface RunningTestHub {
  /** The hub, listening on a free loopback port, on this file's database. */
  hub: Hub;
  /** A connection of the test's own, for what the test writes or holds open itself (as another server would). */
  orm: MikroORM;
  /** Factories of rows written on that connection (db/src/factories.ts). */
  data: TestData;
  /** A token the hub accepts, for a role and its units. */
  token: (role: Role, units?: string[]) => Promise<string>;
  /** POST /graphql, as JSON, with a bearer token if given. */
  gql: (
    query: string,
    variables?: Record<string, unknown>,
    bearer?: string,
  ) => Promise<{ data?: any; errors?: { message: string; extensions: { code: string } }[] }>;
}

/**
 * Starts a whole hub over HTTP for a test file (stopped after it), with a second connection to the database;
 * `prepare` writes what must be there before the hub starts and loads the geography (a commune of the file's own).
 */
export function useRunningHub(config: Partial<Config> = {}, prepare?: (data: TestData) => Promise<unknown>): RunningTestHub {
  const running = {} as RunningTestHub;
  const tokens = new Tokens(testAuth);
  beforeAll(async () => {
    const { url, preparedStatements } = testDatabaseConfig(2);
    running.orm = await openOrm(url!, 2, { preparedStatements });
    running.data = testData(running.orm.em.getKnex());
    await prepare?.(running.data);
    running.hub = await startHub(
      { port: 0, host: '127.0.0.1', webDir: '/nonexistent', database: testDatabaseConfig(4), auth: testAuth, ...config },
      () => undefined,
    );
    await running.hub.ready;
  });
  afterAll(async () => {
    await running.orm?.close();
    await running.hub?.stop();
  });
  running.token = async (role, units = []) => (await tokens.sign({ sub: `test-${role.toLowerCase()}`, role, units })).token;
  running.gql = async (query, variables = {}, bearer) => {
    const res = await fetch(`${running.hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as never;
  };
  return running;
}
