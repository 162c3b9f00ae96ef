import { HouseholdQuery, type CreateHouseholdRequest, type HouseholdView } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { seedDemo } from '../src/modules/demo/seed.js';
import { listHouseholds, parseSearch } from '../src/modules/registry/queries.js';
import { makeId } from './factories.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const DONGYUE = '510131101200'; // 东岳村, 大塘镇
const DATANG = '510131101000';
const CHAOYANGHU = '510131103000';

function household(over: Partial<CreateHouseholdRequest> = {}): CreateHouseholdRequest {
  return {
    regionCode: DONGYUE, urbanRural: 'rural', hukouAddress: '大塘镇东岳村3组', residenceAddress: '大塘镇东岳村3组12号',
    povertyReasons: ['illness'], categories: [], assistance: [], personCategories: [],
    members: [
      { name: '张德明', relation: 'head', idNumber: makeId('19580312'), yearlyIncome: 480000, phone: '13800001111' },
      { name: '李秀英', relation: 'spouse', idNumber: makeId('19600101', false), yearlyIncome: 240000 },
    ],
    ...over,
  };
}

describe('registry: households and members', () => {
  let t: TestApp;
  let township: TestUser;
  let neighbour: TestUser;
  let village: TestUser;
  let county: TestUser;
  let children: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.database, t.ctx.crypto);
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
    children = await t.user({ role: 'children_director', regionCode: DATANG });
  }, 120_000);
  afterAll(async () => t?.close());

  const post = (u: TestUser, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });
  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });

  test('create: members derived from the ID, income per head against the demo standard, masked', async () => {
    const res = await post(township, '/api/registry/households', household());
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json<HouseholdView>();
    expect(h.headName).toBe('张德明');
    expect(h.memberCount).toBe(2);
    expect(h.members[0]!.gender).toBe('male');
    expect(h.members[1]!.gender).toBe('female');
    expect(h.members[0]!.birthDate).toBe('1958-03-12');
    // (4800 + 2400) 元 / 12 / 2 = 300 元 a month per head, below the demo rural standard of 680 元.
    expect(h.monthlyIncomePerHead).toBe(30000);
    expect(h.standard?.value).toBe(68000);
    expect(h.standard?.demo).toBe(true);
    expect(h.incomeBand).toBe('below_standard');
    expect(h.members[0]!.idNumberMasked).toMatch(/^510132\*{8}\d{3}[\dX]$/);
    expect(h.members[0]!.phoneMasked).toBe('138****1111');
    expect(res.body).not.toContain('13800001111');
  });

  test('bad input names the field in Chinese; wrong gender against the ID is refused', async () => {
    const bad = household({ members: [{ name: '王五', relation: 'head', idNumber: '11010519491231002Y' }] });
    const r1 = await post(township, '/api/registry/households', bad);
    expect(r1.statusCode).toBe(400);
    expect(r1.json().message).toContain('身份证号码');
    const r2 = await post(township, '/api/registry/households', household({ members: [{ name: '王五', relation: 'head', idNumber: makeId('19700101'), gender: 'female' }] }));
    expect(r2.statusCode).toBe(400);
    expect(r2.json().message).toContain('性别与身份证号码不符');
    const r3 = await post(township, '/api/registry/households', household({ regionCode: DATANG }));
    expect(r3.statusCode).toBe(400);
    expect(r3.json().message).toContain('村（社区）');
  });

  test('one person, one household: inside the jurisdiction says where, outside says only 已在其他地区登记', async () => {
    const id = makeId('19800505');
    const first = await post(township, '/api/registry/households', household({ members: [{ name: '赵一', relation: 'head', idNumber: id }] }));
    expect(first.statusCode).toBe(201);
    const again = await post(township, '/api/registry/households', household({ members: [{ name: '赵一', relation: 'head', idNumber: id }] }));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('赵一');
    expect(again.json().details.status).toBe('inside');
    const fromNeighbour = await post(neighbour, '/api/registry/persons/check', { idNumber: id });
    expect(fromNeighbour.statusCode).toBe(200);
    expect(fromNeighbour.json().status).toBe('outside');
    expect(fromNeighbour.json().message).toContain('已在其他地区登记');
    expect(fromNeighbour.body).not.toContain('赵一');
    const old = await post(township, '/api/registry/persons/check', { idNumber: makeId('19700101', true, '519999') });
    expect(old.json().status).toBe('free');
    expect(old.json().warnings[0]).toContain('519999');
  });

  test('search by pinyin initials, name, ID number and phone; filters', async () => {
    const created = (await post(township, '/api/registry/households', household({
      members: [
        { name: '欧阳春华', relation: 'head', idNumber: makeId('19500101'), yearlyIncome: 1200000, phone: '13912345678' },
        { name: '欧阳小雨', relation: 'grandchild', idNumber: makeId('20150601', false), tags: ['left_behind', 'in_school'] },
      ],
      categories: [{ kind: 'marginal', startDate: '2025-01-01' }],
    }))).json<HouseholdView>();
    const ids = async (q: string) => (await get(township, `/api/registry/households?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: number }) => i.id);
    expect(await ids('oych')).toContain(created.id);
    expect(await ids('ouyang')).toContain(created.id);
    expect(await ids('小雨')).toContain(created.id);
    expect(await ids('13912345678')).toEqual([created.id]);
    const child = (await get(township, `/api/registry/households?q=${encodeURIComponent('欧阳小雨')}`)).json().items[0];
    expect(child.matchedMember).toBe('欧阳小雨');
    const byTag = (await get(township, '/api/registry/households?tag=left_behind')).json().items.map((i: { id: number }) => i.id);
    expect(byTag).toContain(created.id);
    const marginal = (await get(township, '/api/registry/households?category=marginal&incomeBand=marginal')).json();
    // 12000 元 / 12 / 2 = 500 元 per head: below the standard, so not in the marginal band.
    expect(marginal.items.map((i: { id: number }) => i.id)).not.toContain(created.id);
    const below = (await get(township, '/api/registry/households?incomeBand=below_standard&category=marginal')).json();
    expect(below.items.map((i: { id: number }) => i.id)).toContain(created.id);
  });

  test('edit household and member with versions; history records before and after', async () => {
    const h = (await post(township, '/api/registry/households', household({ members: [{ name: '孙立平', relation: 'head', idNumber: makeId('19650707'), yearlyIncome: 600000 }] }))).json<HouseholdView>();
    const upd = await t.app.inject({ method: 'PATCH', url: `/api/registry/households/${h.id}`, headers: village.headers, payload: { version: h.version, needs: '希望解决冬季取暖', povertyReasons: ['illness', 'disability'] } });
    expect(upd.statusCode, upd.body).toBe(200);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/registry/households/${h.id}`, headers: village.headers, payload: { version: h.version, needs: 'x' } });
    expect(stale.statusCode).toBe(409);
    const member = upd.json<HouseholdView>().members[0]!;
    const mu = await t.app.inject({ method: 'PATCH', url: `/api/registry/members/${member.id}`, headers: township.headers, payload: { version: member.version, yearlyIncome: 960000 } });
    expect(mu.statusCode, mu.body).toBe(200);
    expect(mu.json<HouseholdView>().monthlyIncomePerHead).toBe(80000);
    const hist = (await get(township, `/api/registry/households/${h.id}/history`)).json().items;
    expect(hist[0].summary).toContain('修改成员孙立平');
    expect(hist[0].changes[0]).toMatchObject({ label: '年收入', before: '6000.00元', after: '9600.00元' });
    expect(hist[1].changes.map((c: { label: string }) => c.label)).toEqual(expect.arrayContaining(['家庭贫困原因', '困难群体诉求']));
  });

  test('reveal needs the permission, a reason, and is audited', async () => {
    const idNumber = makeId('19720202');
    const h = (await post(township, '/api/registry/households', household({ members: [{ name: '周建', relation: 'head', idNumber }] }))).json<HouseholdView>();
    const m = h.members[0]!;
    const noPerm = await post(children, `/api/registry/members/${m.id}/reveal`, { field: 'idNumber', reason: '核对身份' });
    expect(noPerm.statusCode).toBe(403);
    const noReason = await post(township, `/api/registry/members/${m.id}/reveal`, { field: 'idNumber', reason: '' });
    expect(noReason.statusCode).toBe(400);
    const ok = await post(township, `/api/registry/members/${m.id}/reveal`, { field: 'idNumber', reason: '核对身份' });
    expect(ok.json().value).toBe(idNumber);
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'member').where('action', '=', 'reveal')
      .where('entity_id', '=', String(m.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe('核对身份');
    // The database holds no plain ID number.
    const raw = await t.ctx.database.db.selectFrom('members').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(Buffer.from(raw.id_number_enc).toString('latin1')).not.toContain(idNumber);
  });

  test('jurisdiction: another township gets 404 on every registry endpoint of 大塘镇; lists leave it out', async () => {
    const h = (await post(township, '/api/registry/households', household({ members: [{ name: '吴桂兰', relation: 'head', idNumber: makeId('19400404', false) }] }))).json<HouseholdView>();
    const m = h.members[0]!;
    const calls = [
      () => get(neighbour, `/api/registry/households/${h.id}`),
      () => get(neighbour, `/api/registry/households/${h.id}/history`),
      () => t.app.inject({ method: 'PATCH', url: `/api/registry/households/${h.id}`, headers: neighbour.headers, payload: { version: h.version, needs: 'x' } }),
      () => post(neighbour, `/api/registry/households/${h.id}/members`, { name: '吴小', relation: 'grandchild', idNumber: makeId('20100101') }),
      () => t.app.inject({ method: 'PATCH', url: `/api/registry/members/${m.id}`, headers: neighbour.headers, payload: { version: m.version, name: 'x' } }),
      () => post(neighbour, `/api/registry/members/${m.id}/remove`, { reason: 'death', version: m.version }),
      () => post(neighbour, `/api/registry/members/${m.id}/reveal`, { field: 'idNumber', reason: '核对身份' }),
      () => get(neighbour, `/api/registry/households?regionCode=${DATANG}`),
      () => post(neighbour, '/api/registry/households', household({ members: [{ name: '外乡', relation: 'head', idNumber: makeId('19900101') }] })),
    ];
    for (const call of calls) expect((await call()).statusCode).toBe(404);
    const list = (await get(neighbour, '/api/registry/households?pageSize=200')).json();
    expect(list.items.every((i: { regionCode: string }) => i.regionCode.startsWith('510131103'))).toBe(true);
    // The county sees it; the member is unchanged.
    expect((await get(county, `/api/registry/households/${h.id}`)).json().members[0].name).toBe('吴桂兰');
  });

  test('ID and phone lookups made at the same moment share one statement, each inside its own jurisdiction', async () => {
    const idHere = makeId('19470303');
    const idThere = makeId('19490909');
    const here = (await post(township, '/api/registry/households', household({
      members: [{ name: '钱永福', relation: 'head', idNumber: idHere, phone: '13700007777' }],
    }))).json<HouseholdView>();
    const there = (await post(neighbour, '/api/registry/households', household({
      regionCode: '510131103200', hukouAddress: '朝阳湖镇', residenceAddress: '朝阳湖镇',
      members: [{ name: '钱永禄', relation: 'head', idNumber: idThere, phone: '13700007777' }],
    }))).json<HouseholdView>();
    // Through the API, all at once: each township finds its own household and nothing of the other.
    const asked = [
      [township, idHere], [township, idThere], [neighbour, idHere], [neighbour, idThere],
      [county, idHere], [county, idThere], [township, '13700007777'], [neighbour, '13700007777'], [county, '13700007777'],
    ] as const;
    const found = await Promise.all(asked.map(async ([u, q]) => {
      const r = await get(u, `/api/registry/households?q=${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items.map((i: { id: number }) => i.id);
    }));
    expect(found).toEqual([
      [here.id], [], [], [there.id], [here.id], [there.id], [here.id], [there.id], [here.id, there.id].sort((a, b) => a - b),
    ]);
    // At the query level, lookups started in the same turn go out as one statement.
    const db = t.ctx.database.db;
    const term = (q: string) => parseSearch(t.ctx.crypto, q)!;
    const query = HouseholdQuery.parse({});
    const spy = vi.spyOn(db, 'executeQuery');
    try {
      const rows = await Promise.all([
        listHouseholds(db, { regionCode: DATANG }, query, term(idHere), '2026-11-25'),
        listHouseholds(db, { regionCode: CHAOYANGHU }, query, term(idHere), '2026-11-25'),
        listHouseholds(db, { regionCode: CHAOYANGHU }, query, term(idThere), '2026-11-25'),
        listHouseholds(db, { regionCode: '510131000000' }, query, term(idThere.toLowerCase()), '2026-11-25'),
      ]);
      expect(rows.map((r) => r.rows.map((h) => h.id))).toEqual([[here.id], [], [there.id], [there.id]]);
      expect(rows.map((r) => r.total)).toEqual([1, 0, 1, 1]);
      expect(rows[0]!.rows[0]).toMatchObject({ head_name: '钱永福', region_code: DONGYUE, member_count: 1, matched_member: null });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('members: add, make head, remove; the head cannot be removed while others remain', async () => {
    const h = (await post(township, '/api/registry/households', household({ members: [{ name: '陈国强', relation: 'head', idNumber: makeId('19550505') }] }))).json<HouseholdView>();
    const added = await post(township, `/api/registry/households/${h.id}/members`, { name: '陈小军', relation: 'son', idNumber: makeId('19850808'), yearlyIncome: 3600000 });
    expect(added.statusCode, added.body).toBe(201);
    const v = added.json<HouseholdView>();
    const head = v.members.find((m) => m.relation === 'head')!;
    const r = await post(township, `/api/registry/members/${head.id}/remove`, { reason: 'death', version: head.version });
    expect(r.statusCode).toBe(409);
    const son = v.members.find((m) => m.name === '陈小军')!;
    const swap = await t.app.inject({ method: 'PATCH', url: `/api/registry/members/${son.id}`, headers: township.headers, payload: { version: son.version, relation: 'head' } });
    expect(swap.statusCode, swap.body).toBe(200);
    expect(swap.json<HouseholdView>().headName).toBe('陈小军');
    const oldHead = swap.json<HouseholdView>().members.find((m) => m.name === '陈国强')!;
    const gone = await post(township, `/api/registry/members/${oldHead.id}/remove`, { reason: 'death', note: '2026年11月病故', version: oldHead.version });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json<HouseholdView>().memberCount).toBe(1);
  });
});
