import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { runSql } from '@anbinh/db';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { startHub, type Hub } from '../app/hub';
import { testAuth, testSecret, useTestHub, viewerAs } from '../testing';
import { authConfigFromEnv } from './auth-config';
import { hashPassword, verifyPassword } from './passwords';
import { Tokens } from './tokens';
import { toGlobalId } from '../graphql/node';

const hub = useTestHub();
const as = viewerAs;

describe('tokens', () => {
  const tokens = new Tokens(testAuth);

  it('round-trips role, units and subject', async () => {
    const { token, expiresAt } = await tokens.sign({ sub: 'officer.kyba', role: Role.OFFICER, units: ['12442'] });
    expect(await tokens.verify(token)).toEqual({ role: Role.OFFICER, subject: 'officer.kyba', units: ['12442'], changeTypes: undefined, expiresAt });
  });

  it.each([
    [
      'expired',
      async () =>
        new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('a')
          .setIssuer('anbinh')
          .setAudience('anbinh')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
          .sign(testAuth.secret),
      /expired/,
    ],
    [
      'tampered',
      async () => {
        const [h, , s] = (await tokens.sign({ sub: 'o', role: Role.OFFICER, units: ['12442'] })).token.split('.');
        const forged = Buffer.from(JSON.stringify({ sub: 'o', role: 'ADMIN', units: [], iss: 'anbinh', aud: 'anbinh', exp: 9999999999 })).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
      /signature does not match/,
    ],
    [
      'signed with another key',
      async () =>
        new Tokens(authConfigFromEnv({ AUTH_JWT_SECRET: 'another-secret-another-secret-another' })).sign({ sub: 'a', role: Role.ADMIN }).then((t) => t.token),
      /signature does not match/,
    ],
    [
      'for another audience',
      async () =>
        new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('a')
          .setIssuer('anbinh')
          .setAudience('elsewhere')
          .setExpirationTime('1h')
          .sign(testAuth.secret),
      /not issued for this hub/,
    ],
    [
      'unsigned (alg none)',
      async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"a","role":"ADMIN"}').toString('base64url')}.`,
      /not accepted here|valid token/,
    ],
    [
      'with an unknown role',
      async () =>
        new SignJWT({ role: 'ROOT' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('a')
          .setIssuer('anbinh')
          .setAudience('anbinh')
          .setExpirationTime('1h')
          .sign(testAuth.secret),
      /role claim must be one of/,
    ],
    ['that is not a JWT', async () => 'hello', /valid token/],
  ])('refuses a token %s with UNAUTHENTICATED and a reason', async (_name, make, message) => {
    const error = await tokens.verify(await make()).catch((e) => e);
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(message);
  });
});

describe('pnpm token', () => {
  it('prints a token the hub accepts, for the role and units asked', () => {
    const server = fileURLToPath(new URL('../..', import.meta.url));
    const token = execFileSync('pnpm', ['run', '--silent', 'token', '--role', 'officer', '--unit', '12442', '--sub', 'cli'], {
      cwd: server,
      env: { ...process.env, AUTH_JWT_SECRET: testSecret },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return expect(new Tokens(testAuth).verify(token)).resolves.toEqual({
      role: Role.OFFICER,
      subject: 'cli',
      units: ['12442'],
      changeTypes: undefined,
      expiresAt: expect.any(Date),
    });
  }, 60_000);
});

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies', async () => {
    const a = await hashPassword('mật khẩu dài');
    const b = await hashPassword('mật khẩu dài');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'mật khẩu dài')).toBe(true);
    expect(await verifyPassword(a, 'mật khẩu dai')).toBe(false);
  });
});

describe('over HTTP', () => {
  let http: Hub;
  beforeAll(async () => {
    http = await startHub({ port: 0, host: '127.0.0.1', webDir: '/nonexistent', database: testDatabaseConfig(), auth: testAuth }, () => undefined);
    await http.ready;
    await hub.data.newUser({
      username: 'officer.kyba',
      displayName: 'Cán bộ Công an phường Kỳ Bá',
      units: ['12442'],
      passwordHash: await hashPassword('đúng mật khẩu'),
    });
  });
  afterAll(() => http?.stop());
  const post = (query: string, variables: object = {}, headers: Record<string, string> = {}) =>
    fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const signIn = 'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token expiresAt viewer { role units } } }';

  it('signs in a user and accepts the token as a Bearer', async () => {
    const body: any = await (await post(signIn, { u: 'officer.kyba', p: 'đúng mật khẩu' })).json();
    expect(body.data.signIn.viewer).toEqual({ role: 'OFFICER', units: ['12442'] });
    const me: any = await (await post('{ viewer { role subject units } }', {}, { authorization: `Bearer ${body.data.signIn.token}` })).json();
    expect(me.data.viewer).toEqual({ role: 'OFFICER', subject: 'officer.kyba', units: ['12442'] });
  });

  it('says the same for a wrong password and an unknown user', async () => {
    const wrong: any = await (await post(signIn, { u: 'officer.kyba', p: 'sai' })).json();
    const unknown: any = await (await post(signIn, { u: 'nobody', p: 'sai' })).json();
    expect(wrong.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors[0].message).toBe(wrong.errors[0].message);
  });

  it('answers a bad token with 401 and a reason, before running anything', async () => {
    const res = await post('{ viewer { role } }', {}, { authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('treats a request without a token as the public', async () => {
    const body: any = await (await post('{ viewer { role subject } }')).json();
    expect(body.data.viewer).toEqual({ role: 'PUBLIC', subject: null });
  });
});

describe('awardCommendation', () => {
  const award = `mutation ($input: AwardCommendationInput!) { awardCommendation(input: $input) {
    id recipientName awardingBody form awardedOn unit { code name } } }`;
  const input = (over: Record<string, unknown> = {}) => ({
    input: {
      unitCode: '12442',
      recipientKind: 'INDIVIDUAL',
      recipientName: ' Ông Trần Văn B ',
      form: 'LETTER_OF_COMMENDATION',
      awardedOn: '2024-05-04',
      reason: 'Phát hiện, tố giác tội phạm',
      ...over,
    },
  });
  const counts = async () => {
    const { rows } = await runSql(
      hub.orm.em.getKnex(),
      `select (select count(*) from commendation)::int as c, (select count(*) from audit_entry)::int as a, (select count(*) from change)::int as f`,
    );
    return rows[0];
  };

  it('lets an officer record one in its unit: the row, its audit entry and its change-feed row commit together', async () => {
    const before = await counts();
    const result = await hub.query(award, input(), as(Role.OFFICER, ['12442']));
    expect(result.errors).toBeUndefined();
    const created = (result.data as any).awardCommendation;
    expect(created).toMatchObject({ recipientName: 'Ông Trần Văn B', awardingBody: 'Công an tỉnh Thái Bình', unit: { code: '12442', name: 'Phường Kỳ Bá' } });
    expect(await counts()).toEqual({ c: before.c + 1, a: before.a + 1, f: before.f + 1 });
  });

  it.each([
    [Role.PUBLIC, [], 'UNAUTHENTICATED'],
    [Role.LEADER, [], 'FORBIDDEN'],
    [Role.ANALYST, [], 'FORBIDDEN'],
    [Role.PARTNER, ['12442'], 'FORBIDDEN'],
    [Role.OFFICER, ['12778'], 'FORBIDDEN'], // an officer of Hồng Châu writing in Kỳ Bá
  ] as const)('refuses %s (units %j) with %s, writing nothing', async (role, units, code) => {
    const before = await counts();
    const result = await hub.query(award, input(), as(role, [...units]));
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('lets an admin record anywhere, and an officer of a district in its communes', async () => {
    expect((await hub.query(award, input({ unitCode: '12778', awardedOn: '2019-03-02' }), as(Role.ADMIN))).errors).toBeUndefined();
    const district = await hub.query(award, input({ form: 'DISTRICT_CERTIFICATE' }), as(Role.OFFICER, ['336']));
    expect(district.errors).toBeUndefined();
    expect((district.data as any).awardCommendation.awardingBody).toBe('UBND thành phố Thái Bình');
  });

  it.each([
    [{ awardedOn: '2099-01-01' }, /in the future/],
    [{ awardedOn: '2025-08-01' }, /was not in force on 2025-08-01/],
    [{ unitCode: '99999' }, /No administrative unit has the code "99999"/],
    [{ recipientName: '   ' }, /recipientName is empty/],
    [{ recipientName: 'x'.repeat(301) }, /at most 300/],
    [{ awardedOn: '2007-12-31' }, /geography starts on 2008-01-01/],
    [{ modelId: Buffer.from('Commendation:1').toString('base64url') }, /must be a self-management model/],
    [{ form: 'GOLD_STAR' }, /GOLD_STAR/],
    [{ unitCode: "12442'; drop table commendation; --" }, /No administrative unit has the code/],
  ])('refuses %j with a sentence, writing nothing', async (over, message) => {
    const before = await counts();
    const result = await hub.query(award, input(over), as(Role.ADMIN));
    expect(result.errors?.[0].message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a model of another unit', async () => {
    const model = await hub.data.newSecurityModel({ commune: '12778' });
    const modelId = toGlobalId('SecurityModel', model.id);
    expect((await hub.query(award, input({ modelId }), as(Role.ADMIN))).errors?.[0].message).toMatch(/outside Phường Kỳ Bá/);
  });
});

describe('the audit log', () => {
  it('shows admins who wrote what, and no one else', async () => {
    // By actor, so this file's other writes cannot push this one out of the page.
    const query = '{ auditLog(first: 5, entity: "commendation", actor: "officer@test") { actor role action entity entityId after } }';
    const admin = await hub.query(query, {}, as(Role.ADMIN));
    expect(admin.errors).toBeUndefined();
    const entries = (admin.data as any).auditLog;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e: any) => e.actor === 'officer@test' && e.role === 'OFFICER' && e.after.recipient_name === 'Ông Trần Văn B')).toBe(true);
    for (const role of [Role.OFFICER, Role.ANALYST, Role.LEADER, Role.PARTNER]) {
      expect((await hub.query(query, {}, as(role, ['12442']))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await hub.query(query)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('cannot be edited, even in the database', async () => {
    const knex = hub.orm.em.getKnex();
    await runSql(knex, `insert into audit_entry (actor, role, action, entity) values ('tester', 'ADMIN', 'test', 'commendation')`);
    const snapshot = async () => (await runSql(knex, 'select id, actor, after from audit_entry order by id')).rows;
    const before = await snapshot();
    for (const edit of ["update audit_entry set actor = 'someone else'", 'delete from audit_entry']) {
      await expect(runSql(knex, edit)).rejects.toThrow(/append-only/);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('abuse limits', () => {
  let http: Hub;
  beforeAll(async () => {
    http = await startHub(
      {
        port: 0,
        host: '127.0.0.1',
        webDir: '/nonexistent',
        database: testDatabaseConfig(),
        auth: testAuth,
        rateLimits: { writesPerMinute: 2, signInsPer15Minutes: 2 },
        corsOrigins: ['https://dash.example.vn'],
      },
      () => undefined,
    );
    await http.ready;
  });
  afterAll(() => http?.stop());
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  it('slows sign-in guessing from one address with 429, RATE_LIMITED and Retry-After', async () => {
    const attempt = () => post('mutation { signIn(username: "nobody", password: "guess") { token } }');
    expect((await attempt()).status).toBe(200);
    expect((await attempt()).status).toBe(200);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body: any = await refused.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toMatch(/Try again in \d+ s/);
  });

  it('limits writes per token before they run, and leaves reads alone', async () => {
    const token = (await new Tokens(testAuth).sign({ sub: 'busy.officer', role: Role.OFFICER, units: ['12442'] })).token;
    const write = () =>
      post(
        'mutation { awardCommendation(input: { unitCode: "12442", recipientKind: COLLECTIVE, recipientName: "", form: LETTER_OF_COMMENDATION, awardedOn: "2024-01-02", reason: "x" }) { id } }',
        { authorization: `Bearer ${token}` },
      );
    expect((await write()).status).toBe(200); // refused for its empty name, but counted
    expect((await write()).status).toBe(200);
    expect((await write()).status).toBe(429);
    expect((await post('{ viewer { role } }', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('answers CORS only for the configured origins', async () => {
    const preflight = (origin: string) => fetch(`${http.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const allowed = await preflight('https://dash.example.vn');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.vn');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    // A compressed answer to an allowed origin varies on both, so a shared cache keeps one per origin and encoding.
    const answer = await fetch(`${http.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://dash.example.vn', 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: '{ adminUnits(level: COMMUNE, first: 100) { nodes { code name } } }' }),
    });
    expect(answer.headers.get('content-encoding')).toBe('gzip');
    expect(answer.headers.get('vary')?.split(/,\s*/).sort()).toEqual(['Accept-Encoding', 'Origin']);
  });
});
