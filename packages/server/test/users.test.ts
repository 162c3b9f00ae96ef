import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let countyAdmin: TestUser;
let townshipAdmin: TestUser;
let townshipStaff: TestUser;
const COUNTY = '510131000000';
const TOWNSHIP = '510131101000';
const NEIGHBOUR = '510131103000';

beforeAll(async () => {
  t = await startTestApp();
  countyAdmin = await t.user({ role: 'system_admin', regionCode: COUNTY });
  townshipAdmin = await t.user({ role: 'system_admin', regionCode: TOWNSHIP });
  townshipStaff = await t.user({ role: 'township_staff', regionCode: TOWNSHIP, phone: '13912345678' });
});
afterAll(async () => t?.close());

const create = (by: TestUser, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/users', headers: by.headers, payload });

describe('user administration', () => {
  it('creates a user inside the jurisdiction with a role at or below the admin', async () => {
    const res = await create(countyAdmin, {
      username: 'wang.wu', displayName: '王五', role: 'township_staff', regionCode: NEIGHBOUR, password: 'Start2026', phone: '13700001111',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'wang.wu', regionName: '朝阳湖镇', phone: '137****1111', disabled: false });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wang.wu', password: 'Start2026' } });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a region outside the jurisdiction as not found', async () => {
    const res = await create(townshipAdmin, {
      username: 'zhao.liu', displayName: '赵六', role: 'township_staff', regionCode: NEIGHBOUR, password: 'Start2026',
    });
    expect(res.statusCode).toBe(404);
    expect(await t.ctx.database.db.selectFrom('users').select('id').where('username', '=', 'zhao.liu').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a role above the administrator', async () => {
    const county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    // county staff do not manage users at all
    expect((await create(county, { username: 'x.y', displayName: '某', role: 'village_staff', regionCode: '510131101200', password: 'Start2026' })).statusCode).toBe(403);
  });

  it('refuses a role at the wrong level, naming the field', async () => {
    const res = await create(countyAdmin, { username: 'sun.qi', displayName: '孙七', role: 'township_staff', regionCode: COUNTY, password: 'Start2026' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('role');
  });

  it('rejects a duplicate username and bad input with Chinese messages naming the field', async () => {
    const dup = await create(countyAdmin, { username: townshipStaff.username, displayName: '重名', role: 'township_staff', regionCode: TOWNSHIP, password: 'Start2026' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'CONFLICT', field: 'username' });
    const weak = await create(countyAdmin, { username: 'weak.pw', displayName: '弱', role: 'township_staff', regionCode: TOWNSHIP, password: '123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().field).toBe('password');
    expect(weak.json().message).toMatch(/密码/);
    const phone = await create(countyAdmin, { username: 'bad.phone', displayName: '号', role: 'township_staff', regionCode: TOWNSHIP, password: 'Start2026', phone: '12' });
    expect(phone.json()).toMatchObject({ field: 'phone' });
    expect(phone.json().message).toMatch(/联系电话/);
  });

  it('lists only users inside the jurisdiction, with masked phones', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users?pageSize=200', headers: townshipAdmin.headers });
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as { items: { regionCode: string; phone: string | null; username: string }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((u) => u.regionCode.startsWith('510131101'))).toBe(true);
    expect(items.find((u) => u.username === townshipStaff.username)?.phone).toBe('139****5678');
    expect(items.some((u) => u.username === 'wang.wu')).toBe(false);
  });

  it('hides a user of another township behind 404 for reads and writes', async () => {
    const other = await t.user({ role: 'township_staff', regionCode: NEIGHBOUR });
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${other.id}`, headers: townshipAdmin.headers })).statusCode).toBe(404);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/users/${other.id}`, headers: townshipAdmin.headers, payload: { disabled: true } });
    expect(patch.statusCode).toBe(404);
    const reveal = await t.app.inject({ method: 'POST', url: `/api/users/${other.id}/reveal`, headers: townshipAdmin.headers, payload: { field: 'phone', reason: '核实身份' } });
    expect(reveal.statusCode).toBe(404);
  });

  it('disables a user, which ends their sessions and blocks log-in', async () => {
    const target = await t.user({ role: 'village_staff', regionCode: '510131101200', password: 'Village123' });
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: townshipAdmin.headers, payload: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: target.headers })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: 'Village123' } });
    expect(login.statusCode).toBe(401);
    expect(login.json().message).toMatch(/停用/);
  });

  it('reveals a phone only with a reason, and audits the reveal', async () => {
    const noReason = await t.app.inject({ method: 'POST', url: `/api/users/${townshipStaff.id}/reveal`, headers: townshipAdmin.headers, payload: { field: 'phone', reason: '' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().field).toBe('reason');
    const res = await t.app.inject({ method: 'POST', url: `/api/users/${townshipStaff.id}/reveal`, headers: townshipAdmin.headers, payload: { field: 'phone', reason: '电话联系核实' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().value).toBe('13912345678');
    const entry = await t.ctx.database.db.selectFrom('audit_log').selectAll()
      .where('action', '=', 'reveal').where('entity_id', '=', String(townshipStaff.id)).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ user_id: townshipAdmin.id, reason: '电话联系核实', entity: 'user', region_code: TOWNSHIP });
    // Staff without the permission cannot reveal at all.
    const staff = await t.app.inject({ method: 'POST', url: `/api/users/${townshipStaff.id}/reveal`, headers: townshipStaff.headers, payload: { field: 'phone', reason: '想看看' } });
    expect(staff.statusCode).toBe(403);
  });
});
