import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let admin: TestUser;
let countyAuditor: TestUser;
let townshipAuditor: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user({ role: 'system_admin', regionCode: '510131000000' });
  countyAuditor = await t.user({ role: 'auditor', regionCode: '510131000000' });
  townshipAuditor = await t.user({ role: 'auditor', regionCode: '510131103000' });
});
afterAll(async () => t?.close());

describe('audit trail', () => {
  it('records every write with who, what, before/after and the client address', async () => {
    const created = await t.app.inject({
      method: 'POST', url: '/api/users', headers: admin.headers, remoteAddress: '10.1.2.3',
      payload: { username: 'audit.me', displayName: '被审计', role: 'village_staff', regionCode: '510131101200', password: 'Start2026', phone: '13600001234' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: admin.headers, payload: { displayName: '改了名', password: 'Reset2026x' } });

    const res = await t.app.inject({ method: 'GET', url: `/api/audit?entity=user&username=${admin.username}`, headers: countyAuditor.headers });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { action: string; entityId: string; before: Record<string, unknown> | null; after: Record<string, unknown>; clientAddress: string }[];
    const create = items.find((i) => i.action === 'create' && i.entityId === String(id))!;
    expect(create.clientAddress).toBe('10.1.2.3');
    expect(create.after).toMatchObject({ username: 'audit.me', phone: '136****1234' });
    expect(JSON.stringify(create.after)).not.toContain('13600001234');
    const update = items.find((i) => i.action === 'update' && i.entityId === String(id))!;
    expect(update.before).toMatchObject({ displayName: '被审计' });
    expect(update.after).toMatchObject({ displayName: '改了名', passwordReset: true });
    expect(JSON.stringify(update)).not.toMatch(/argon2/);
  });

  it('scopes the audit log by the viewer jurisdiction', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?pageSize=200', headers: townshipAuditor.headers });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { regionCode: string }[];
    expect(items.every((i) => i.regionCode.startsWith('510131103'))).toBe(true);
    expect(items.some((i) => i.regionCode === '510131101200')).toBe(false);
  });

  it('filters by date in Asia/Shanghai days and refuses non-auditors', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const hit = await t.app.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${today}`, headers: countyAuditor.headers });
    expect(hit.json().total).toBeGreaterThan(0);
    const miss = await t.app.inject({ method: 'GET', url: '/api/audit?from=2020-01-01&to=2020-01-02', headers: countyAuditor.headers });
    expect(miss.json().total).toBe(0);
    const bad = await t.app.inject({ method: 'GET', url: '/api/audit?from=2020-13-01', headers: countyAuditor.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('from');
    const staff = await t.user({ role: 'township_staff', regionCode: '510131101000' });
    expect((await t.app.inject({ method: 'GET', url: '/api/audit', headers: staff.headers })).statusCode).toBe(403);
  });

  it('records log-ins, failed log-ins and log-outs', async () => {
    await t.user({ role: 'township_staff', regionCode: '510131103000', username: 'login.audit', password: 'Secret123' });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'login.audit', password: 'wrong-one1' } });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'login.audit', password: 'Secret123' } });
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?username=login.audit', headers: townshipAuditor.headers });
    const actions = (res.json().items as { action: string }[]).map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login_failed']));
  });
});
