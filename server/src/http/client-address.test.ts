import type { IncomingMessage } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { testAuth } from '../testing';
import { clientAddress } from './client-address';
import { startHub, type Hub } from '../app/hub';

const request = (forwarded: string | undefined, socket = '10.0.0.2') =>
  ({ socket: { remoteAddress: socket }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('the caller’s address', () => {
  it('is the socket’s without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.9'), 0)).toBe('10.0.0.2');
  });

  it('is as many entries from the right as there are trusted proxies; what the caller wrote further left is ignored', () => {
    expect(clientAddress(request('203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(request('1.2.3.4, 203.0.113.9'), 1)).toBe('203.0.113.9'); // 1.2.3.4 is the caller's own claim
    expect(clientAddress(request('1.2.3.4, 203.0.113.9, 10.0.0.1'), 2)).toBe('203.0.113.9');
    expect(clientAddress(request(undefined), 1)).toBe('10.0.0.2');
  });

  describe('behind one proxy, sign-in limits count per forwarded address', () => {
    const hubs: Hub[] = [];
    afterAll(() => Promise.all(hubs.map((h) => h.stop())));
    const attempt = (hub: Hub, address: string) =>
      fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ query: 'mutation { signIn(username: "nobody", password: "wrong") { token } }' }),
      }).then(async (r) => ((await r.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code);

    it.each([
      [1, 'UNAUTHENTICATED'],
      [0, 'RATE_LIMITED'],
    ])('TRUST_PROXY=%i: a second address gets %s after the first used its attempt', async (trustedProxies, secondAddress) => {
      const hub = await startHub(
        {
          port: 0,
          host: '127.0.0.1',
          webDir: '/nonexistent',
          database: testDatabaseConfig(),
          auth: testAuth,
          trustedProxies,
          rateLimits: { writesPerMinute: 100, signInsPer15Minutes: 1 },
        },
        () => undefined,
      );
      hubs.push(hub);
      await hub.ready;
      expect(await attempt(hub, '203.0.113.9')).toBe('UNAUTHENTICATED');
      expect(await attempt(hub, '203.0.113.9')).toBe('RATE_LIMITED');
      expect(await attempt(hub, '198.51.100.7')).toBe(secondAddress);
    });
  });
});
