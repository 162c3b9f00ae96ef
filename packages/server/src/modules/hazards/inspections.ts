import {
  defaultChecklist, INSPECTION_LIST, type CreateInspectionRequest, type CreateInstitutionRequest, type HazardCategory,
  type HazardStatus, type InspectionDetail, type InspectionList, type InspectionPage, type InspectionView, type InstitutionType,
  type InstitutionView,
} from '@doudi/domain';
import { assertInJurisdiction, inJurisdiction } from '../../auth/jurisdiction.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import type { Db } from '../monitoring/queries.js';
import { insertHazard, iso, today, type Staff } from './service.js';

/**
 * Institutions and their safety inspections (机构安全检查) with the 五个清单. Recording an inspection stores every item
 * and, in the same transaction, opens one hazard (source 机构检查) per failed item, with the item's category and the
 * severity of its default definition.
 */

export async function listInstitutions(db: Db, actor: Staff, regionCode?: string): Promise<InstitutionView[]> {
  if (regionCode) assertInJurisdiction(actor, regionCode, '区域');
  let q = db.selectFrom('institutions as i').leftJoin('regions as r', 'r.code', 'i.region_code')
    .select(['i.id', 'i.region_code', 'i.type', 'i.name', 'r.name as region_name']).where(inJurisdiction(actor, 'i.region_code'));
  if (regionCode) q = q.where(inJurisdiction({ regionCode }, 'i.region_code'));
  const rows = await q.orderBy('i.region_code').orderBy('i.name').limit(500).execute();
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, type: r.type as InstitutionType, name: r.name }));
}

export async function createInstitution(db: Db, actor: Staff, input: CreateInstitutionRequest, clientAddress: string): Promise<InstitutionView> {
  assertInJurisdiction(actor, input.regionCode, '区域');
  const region = await db.selectFrom('regions').select('name').where('code', '=', input.regionCode).executeTakeFirst();
  if (!region) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
  const dup = await db.selectFrom('institutions').select('id').where('region_code', '=', input.regionCode).where('name', '=', input.name).executeTakeFirst();
  if (dup) throw conflict('该区域已有同名机构', { field: 'name' });
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('institutions').values({
      region_code: input.regionCode, type: input.type, name: input.name, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await insertAudit(trx, { actor, action: 'create', entity: 'institution', entityId: id, regionCode: input.regionCode, after: input, clientAddress });
    return { id, regionCode: input.regionCode, regionName: region.name, type: input.type, name: input.name };
  });
}

function inspectionBase(db: Db) {
  return db.selectFrom('inspections as s').innerJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .selectAll('s').select(['i.name as institution_name', 'i.type as institution_type', 'r.name as region_name']);
}
type InspectionRow = Awaited<ReturnType<ReturnType<typeof inspectionBase>['executeTakeFirstOrThrow']>>;

function toView(r: InspectionRow): InspectionView {
  return {
    id: r.id, institutionId: r.institution_id, institutionName: r.institution_name, institutionType: r.institution_type as InstitutionType,
    regionCode: r.region_code, regionName: r.region_name ?? r.region_code, inspectedOn: r.inspected_on, inspectors: r.inspectors, note: r.note,
    itemsTotal: r.items_total, itemsFailed: r.items_failed, createdAt: iso(r.created_at)!,
  };
}

export async function listInspections(
  db: Db, actor: Staff, q: { regionCode?: string | undefined; institutionId?: number | undefined; page: number; pageSize: number },
): Promise<InspectionPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  let base = inspectionBase(db).where(inJurisdiction(actor, 's.region_code'));
  if (q.regionCode) base = base.where(inJurisdiction({ regionCode: q.regionCode }, 's.region_code'));
  if (q.institutionId) base = base.where('s.institution_id', '=', q.institutionId);
  const [rows, count] = await Promise.all([
    base.orderBy('s.inspected_on', 'desc').orderBy('s.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: Number(count.n) };
}

export async function inspectionDetail(db: Db, actor: Staff, id: number): Promise<InspectionDetail> {
  const row = await inspectionBase(db).where('s.id', '=', id).where(inJurisdiction(actor, 's.region_code')).executeTakeFirst();
  if (!row) throw notFound('检查记录');
  const items = await db.selectFrom('inspection_items as it').leftJoin('hazards as h', 'h.id', 'it.hazard_id')
    .select(['it.seq', 'it.list', 'it.item_key', 'it.label', 'it.category', 'it.passed', 'it.note', 'it.hazard_id', 'h.status as hazard_status'])
    .where('it.inspection_id', '=', id).orderBy('it.seq').execute();
  return {
    ...toView(row),
    items: items.map((i) => ({
      seq: i.seq, list: i.list as InspectionList, key: i.item_key, label: i.label, category: i.category as HazardCategory, passed: i.passed,
      note: i.note, hazardId: i.hazard_id, hazardStatus: (i.hazard_status ?? null) as HazardStatus | null,
    })),
  };
}

/** Records an inspection; every failed item opens a hazard in the same transaction. */
export async function createInspection(db: Db, actor: Staff, input: CreateInspectionRequest, clientAddress: string | null, demo = false): Promise<InspectionDetail> {
  const inst = await db.selectFrom('institutions').select(['id', 'region_code', 'type', 'name']).where('id', '=', input.institutionId)
    .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!inst) throw notFound('机构');
  if (input.inspectedOn > today()) throw invalid('inspectedOn', '检查日期不能晚于今天');
  const defs = new Map(defaultChecklist(inst.type as InstitutionType).map((d) => [d.key, d]));
  const failed = input.items.filter((i) => !i.passed).length;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('inspections').values({
      institution_id: inst.id, region_code: inst.region_code, inspected_on: input.inspectedOn, inspectors: input.inspectors, note: input.note,
      items_total: input.items.length, items_failed: failed, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    let seq = 0;
    for (const item of input.items) {
      seq++;
      const def = item.key ? defs.get(item.key) : undefined;
      const category = item.category ?? def?.category ?? 'other';
      let hazardId: number | null = null;
      if (!item.passed) {
        const severity = item.severity ?? def?.severity ?? 'general';
        hazardId = await insertHazard(trx, actor, {
          regionCode: inst.region_code, source: 'inspection', institutionId: inst.id, inspectionId: id, category, severity,
          description: `${inst.name}（${INSPECTION_LIST.labels[item.list]}）${item.label.split('：')[0]}：${item.note}`, ownerName: input.ownerName, demo,
        }, clientAddress);
      }
      await trx.insertInto('inspection_items').values({
        inspection_id: id, seq, list: item.list, item_key: def ? item.key! : null, label: item.label, category, passed: item.passed,
        note: item.note, hazard_id: hazardId,
      }).execute();
    }
    await insertAudit(trx, {
      actor, action: 'create', entity: 'inspection', entityId: id, regionCode: inst.region_code,
      after: { institution: inst.name, inspectedOn: input.inspectedOn, inspectors: input.inspectors, items: input.items.length, failed },
      clientAddress,
    });
    return inspectionDetail(trx, actor, id);
  });
}

/** The default checklist for an institution type, with the hazard severity a failed item opens. */
export function checklistFor(type: InstitutionType) {
  return { items: defaultChecklist(type) };
}
