import { createServer, type Socket } from 'node:net';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import pg from 'pg';
import { openOrm } from './orm';
import { isConnectionError } from './replica';
import { testDatabaseUrl } from './testing';

describe('the replica’s pool', () => {
  // A host that takes the connection and never answers: a standby hung, or cut off behind a firewall that drops packets.
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });

  it('gives up on a standby that does not answer, with a connection error, so the read can go to the primary', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    // Opening the pool or the first read, whichever meets the silence first.
    const read = async () => {
      const orm = await openOrm(`postgres://postgres@127.0.0.1:${port}/anbinh`, 1, { replica: true, log: () => undefined });
      try {
        await orm.em.getKnex().raw('select 1');
      } finally {
        await orm.close();
      }
    };
    const error = await read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isConnectionError(error)).toBe(true);
  }, 30_000);

  it.skipIf(inject('databaseEmbedded'))('tells the hub’s log, not the console, when the server ends a kept connection', async () => {
    const lines: string[] = [];
    const printed = vi.spyOn(console, 'log');
    const orm = await openOrm(testDatabaseUrl(), 1, { replica: true, log: (level, message) => lines.push(`${level} ${message}`) });
    try {
      const knex = orm.em.getKnex();
      const { rows } = await knex.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid');
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
      await admin.end();
      // knex notices when it next hands the connection out.
      await expect
        .poll(async () => {
          await knex.raw('select 1').catch(() => undefined);
          return lines.join('\n');
        })
        .toMatch(/^warn Connection Error: /m);
      expect(printed.mock.calls.flat().join('\n')).not.toMatch(/Connection Error/);
    } finally {
      printed.mockRestore();
      await orm.close().catch(() => undefined);
    }
  });
});
