import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_THRESHOLD } from '../src/modules/auth/service.js';
import { readMigrations } from '../src/db/migrate.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.user({ role: 'township_staff', regionCode: '510131101000', username: 'zhang.san', password: 'Secret123' });
});
afterAll(async () => t?.close());

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return Object.fromEntries(list.map((c: string) => c.split(';')[0]!.split('=') as [string, string]));
}

describe('log-in, session, CSRF, log-out', () => {
  it('logs in with the right password and sets an httpOnly SameSite session cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhang.san', password: 'Secret123' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.region.name).toBe('大塘镇');
    expect(body.user.regionPath.map((p: { name: string }) => p.name)).toEqual(['四川省', '成都市', '蒲江县', '大塘镇']);
    expect(body.user.modules).toContain('regions');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
    const session = setCookie.find((c) => c.startsWith('doudi_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    const cookies = cookiesOf(res);
    expect(cookies.doudi_csrf).toBe(body.csrfToken);

    const headers = { cookie: `doudi_session=${cookies.doudi_session}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    // A state-changing request without the CSRF header is refused, even with a valid session.
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF');
    const wrongCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, 'x-csrf-token': 'nope' } });
    expect(wrongCsrf.statusCode).toBe(403);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, 'x-csrf-token': body.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('answers a wrong password in Chinese without saying which part was wrong', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhang.san', password: 'wrong-pass1' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_INVALID', message: '用户名或密码错误' });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-pass1' } });
    expect(unknown.json()).toMatchObject({ code: 'AUTH_INVALID', message: '用户名或密码错误' });
  });

  it('names the missing field in Chinese', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhang.san' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('password');
    expect(res.json().message).toMatch(/密码/);
  });

  it('locks the account after repeated failures, even against the right password', async () => {
    await t.user({ role: 'village_staff', regionCode: '510131101200', username: 'li.si', password: 'Secret123' });
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'li.si', password: `bad${i}xxxx` } });
      expect(r.statusCode).toBe(401);
    }
    const locking = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'li.si', password: 'bad-last1' } });
    expect(locking.statusCode).toBe(423);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'li.si', password: 'Secret123' } });
    expect(right.statusCode).toBe(423);
    expect(right.json().message).toMatch(/锁定/);
    const row = await t.ctx.database.db.selectFrom('users').select(['locked_until']).where('username', '=', 'li.si').executeTakeFirstOrThrow();
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());
  });

  it('changes the password and keeps the current session', async () => {
    const u = await t.user({ role: 'township_staff', regionCode: '510131101000', password: 'Secret123' });
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: u.headers, payload: { currentPassword: 'nope1234', newPassword: 'NewSecret456' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'currentPassword' });
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: u.headers, payload: { currentPassword: 'Secret123', newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().field).toBe('newPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: u.headers, payload: { currentPassword: 'Secret123', newPassword: 'NewSecret456' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
    const relog = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'NewSecret456' } });
    expect(relog.statusCode).toBe(200);
  });

  it('refuses unauthenticated API calls', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/510131000000' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('system endpoints', () => {
  it('reports the database kind and migration version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { kind: t.ctx.database.kind, migrationVersion: readMigrations().at(-1)!.version } });
    expect(res.json().regions.count).toBeGreaterThan(1000);
  });
  it('publishes the OpenAPI description with every API route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/api/health', '/api/auth/login', '/api/regions/{code}', '/api/regions/{code}/children', '/api/regions/search', '/api/users', '/api/users/{id}', '/api/users/{id}/reveal', '/api/audit', '/api/policy-parameters', '/api/policy-parameters/{id}/end', '/api/work-calendar/{year}']) {
      expect(paths).toContain(p);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
