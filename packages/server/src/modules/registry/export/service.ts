import type { Kysely } from 'kysely';
import type { AuditRecord } from '../../audit/queries.js';
import { insertAudit } from '../../audit/queries.js';
import type { FieldCrypto } from '../../../crypto/fieldCrypto.js';
import type { DB } from '../../../db/schema.js';
import { invalid } from '../../../http/errors.js';
import { getRegion } from '../../regions/queries.js';
import { todayInChina } from '../rows.js';
import { registryCsv } from './csv.js';
import { countMembers } from './queries.js';
import { buildSummary, type SummaryExport } from './summary.js';

/**
 * Exports with full ID numbers: the 附件3 form (registry.export) and the registry CSV (registry.export_all). The
 * caller has checked the permission and that the region lies inside the jurisdiction; every export is audited with
 * the region and the number of rows, before the file leaves the server.
 */

export interface ExportActor {
  user: AuditRecord['actor'];
  source: 'web' | 'cli';
  clientAddress?: string | null;
}

async function region(db: Kysely<DB>, code: string): Promise<{ code: string; name: string }> {
  const r = await getRegion(db, code);
  if (!r) throw invalid('regionCode', `区划代码 ${code} 不存在`);
  return { code: r.code, name: r.name };
}

export async function exportSummary(
  db: Kysely<DB>, fc: FieldCrypto, actor: ExportActor, regionCode: string,
): Promise<SummaryExport & { fileName: string }> {
  const r = await region(db, regionCode);
  const today = todayInChina();
  const result = await buildSummary(db, fc, r, today);
  await insertAudit(db, {
    actor: actor.user, action: 'export', entity: 'registry_summary', entityId: r.code, regionCode: r.code,
    after: { form: '附件3 农村低收入群众信息汇总统计表', regionName: r.name, rows: result.rows, withoutStandard: result.withoutStandard, date: today, source: actor.source },
    clientAddress: actor.clientAddress ?? null,
  });
  return { ...result, fileName: `农村低收入群众信息汇总统计表_${r.name}_${today}.xlsx` };
}

export async function exportRegistryCsv(
  db: Kysely<DB>, fc: FieldCrypto, actor: ExportActor, regionCode: string,
): Promise<{ rows: number; fileName: string; body: AsyncGenerator<string> }> {
  const r = await region(db, regionCode);
  const today = todayInChina();
  const rows = await countMembers(db, r.code);
  await insertAudit(db, {
    actor: actor.user, action: 'export', entity: 'registry_csv', entityId: r.code, regionCode: r.code,
    after: { form: '低收入人口名册（CSV，含完整身份证号码与电话）', regionName: r.name, rows, date: today, source: actor.source },
    clientAddress: actor.clientAddress ?? null,
  });
  return { rows, fileName: `低收入人口名册_${r.name}_${today}.csv`, body: registryCsv(db, fc, r.code, today) };
}
