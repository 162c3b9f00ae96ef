import type { CreateHouseholdRequest, HouseholdView } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../src/modules/demo/seed.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';
import { makeId } from './factories.js';

// Transfers between households (一人一户) and the review of probable duplicates.

const DONGYUE = '510131101200'; // 东岳村, 大塘镇
const CHAOYANGHU_VILLAGE = '510131103200';

function household(regionCode: string, members: CreateHouseholdRequest['members']): CreateHouseholdRequest {
  return { regionCode, urbanRural: 'rural', hukouAddress: '蒲江县', residenceAddress: '蒲江县', members };
}

describe('registry: transfers and duplicates', () => {
  let t: TestApp;
  let datang: TestUser;
  let chaoyanghu: TestUser;
  let county: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.database, t.ctx.crypto);
    datang = await t.user({ role: 'township_staff', regionCode: '510131101000' });
    chaoyanghu = await t.user({ role: 'township_staff', regionCode: '510131103000' });
    county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
  }, 120_000);
  afterAll(async () => t?.close());

  const post = (u: TestUser, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });
  const create = async (u: TestUser, h: CreateHouseholdRequest) => {
    const r = await post(u, '/api/registry/households', h);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<HouseholdView>();
  };

  test('a person registered in another township moves only when that township approves', async () => {
    const village = (await t.ctx.database.db.selectFrom('regions').select('code').where('parent_code', '=', '510131103000').orderBy('code').executeTakeFirstOrThrow()).code;
    const girlId = makeId('19980909', false);
    const from = await create(datang, household(DONGYUE, [
      { name: '刘大山', relation: 'head', idNumber: makeId('19600101') },
      { name: '刘小芳', relation: 'daughter', idNumber: girlId },
    ]));
    const to = await create(chaoyanghu, household(village ?? CHAOYANGHU_VILLAGE, [{ name: '黄志军', relation: 'head', idNumber: makeId('19960303') }]));

    const req = await post(chaoyanghu, '/api/registry/transfers', { idNumber: girlId, toHouseholdId: to.id, relation: 'spouse', reason: '婚入' });
    expect(req.statusCode, req.body).toBe(201);
    const transfer = req.json();
    expect(transfer.status).toBe('pending');
    expect(transfer.canDecide).toBe(false);
    // The requesting side cannot approve its own request: 404 as if it did not exist for deciding.
    expect((await post(chaoyanghu, `/api/registry/transfers/${transfer.id}/decide`, { approve: true })).statusCode).toBe(404);
    // A second request for the same person waits for the first.
    expect((await post(chaoyanghu, '/api/registry/transfers', { idNumber: girlId, toHouseholdId: to.id, relation: 'spouse', reason: '婚入' })).statusCode).toBe(409);

    const listed = (await t.app.inject({ method: 'GET', url: '/api/registry/transfers?status=pending', headers: datang.headers })).json().items;
    expect(listed.find((x: { id: number }) => x.id === transfer.id)?.canDecide).toBe(true);
    const ok = await post(datang, `/api/registry/transfers/${transfer.id}/decide`, { approve: true, note: '已核实婚嫁迁出' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect((await post(datang, `/api/registry/transfers/${transfer.id}/decide`, { approve: true })).statusCode).toBe(409);

    const after = (await t.app.inject({ method: 'GET', url: `/api/registry/households/${to.id}`, headers: chaoyanghu.headers })).json<HouseholdView>();
    expect(after.members.map((m) => m.name)).toContain('刘小芳');
    const old = (await t.app.inject({ method: 'GET', url: `/api/registry/households/${from.id}`, headers: datang.headers })).json<HouseholdView>();
    expect(old.members.map((m) => m.name)).toEqual(['刘大山']);
    // The person is now visible to the receiving township only.
    const moved = after.members.find((m) => m.name === '刘小芳')!;
    expect((await post(datang, `/api/registry/members/${moved.id}/reveal`, { field: 'idNumber', reason: '核对' })).statusCode).toBe(404);
  });

  test('probable duplicates are listed, reviewed as a reversible link, never merged', async () => {
    const a = await create(datang, household(DONGYUE, [{ name: '杨秀珍', relation: 'head', idNumber: makeId('19450315', false) }]));
    const b = await create(datang, household(DONGYUE, [{ name: '杨秀珍', relation: 'head', idNumber: makeId('19450315', false) }]));
    const c = await create(datang, household(DONGYUE, [{ name: '杨秀贞', relation: 'head', idNumber: makeId('19500101', false) }]));
    const open = (await t.app.inject({ method: 'GET', url: '/api/registry/duplicates?pageSize=200', headers: datang.headers })).json();
    const pair = open.items.find((p: { a: { householdId: number }; b: { householdId: number } }) => p.a.householdId === a.id && p.b.householdId === b.id);
    expect(pair?.reason).toBe('same_name_birth');
    const homophone = open.items.find((p: { a: { householdId: number }; b: { householdId: number } }) =>
      [p.a.householdId, p.b.householdId].includes(c.id) && [p.a.householdId, p.b.householdId].includes(a.id));
    expect(homophone?.reason).toBe('same_pinyin_village');
    // Another township does not see these people at all.
    const other = (await t.app.inject({ method: 'GET', url: '/api/registry/duplicates?pageSize=200', headers: chaoyanghu.headers })).json();
    expect(JSON.stringify(other)).not.toContain('杨秀珍');
    expect((await post(chaoyanghu, '/api/registry/duplicates', { memberA: pair.a.memberId, memberB: pair.b.memberId, decision: 'duplicate' })).statusCode).toBe(404);

    const rev = await post(datang, '/api/registry/duplicates', { memberA: pair.b.memberId, memberB: pair.a.memberId, decision: 'duplicate', note: '同一人两次登记，待核实' });
    expect(rev.statusCode, rev.body).toBe(201);
    expect((await post(datang, '/api/registry/duplicates', { memberA: pair.a.memberId, memberB: pair.b.memberId, decision: 'distinct' })).statusCode).toBe(409);
    const reviewed = (await t.app.inject({ method: 'GET', url: '/api/registry/duplicates?status=reviewed', headers: county.headers })).json();
    expect(reviewed.items.some((p: { review: { id: number } }) => p.review.id === rev.json().id)).toBe(true);
    // Both records remain.
    for (const h of [a, b]) expect((await t.app.inject({ method: 'GET', url: `/api/registry/households/${h.id}`, headers: datang.headers })).json().memberCount).toBe(1);
    expect((await post(chaoyanghu, `/api/registry/duplicates/${rev.json().id}/revoke`, {})).statusCode).toBe(404);
    const undo = await post(datang, `/api/registry/duplicates/${rev.json().id}/revoke`, {});
    expect(undo.statusCode).toBe(200);
    const reopened = (await t.app.inject({ method: 'GET', url: '/api/registry/duplicates?pageSize=200', headers: datang.headers })).json();
    expect(reopened.items.some((p: { a: { memberId: number } }) => p.a.memberId === pair.a.memberId)).toBe(true);
    const hist = (await t.app.inject({ method: 'GET', url: `/api/registry/households/${a.id}/history`, headers: datang.headers })).json().items;
    expect(hist.map((h: { summary: string }) => h.summary).join('\n')).toContain('撤销疑似重复审核结论');
  });
});
