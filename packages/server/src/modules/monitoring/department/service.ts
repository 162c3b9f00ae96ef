import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import {
  DEPARTMENT_BATCH_STATUS_LABELS, DEPARTMENT_SOURCE, DepartmentSource, factSummary, importIssue, maskedFact, maskIdNumber,
  nameMismatch, parseDepartmentRow, regionAncestorAt, type DepartmentBatchList, type DepartmentBatchStatus, type DepartmentBatchView,
  type DepartmentFact, type DepartmentImportQuery, type DepartmentUnmatchedRow, type HouseholdFactList, type ImportIssue,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../../auth/context.js';
import type { FieldCrypto } from '../../../crypto/fieldCrypto.js';
import { AppError, conflict, notFound } from '../../../http/errors.js';
import { insertAudit } from '../../audit/queries.js';
import { todayInChina } from '../../registry/rows.js';
import { sweepCounty } from '../sweep.js';
import { readDepartmentFile, type DepartmentSheet } from './parse.js';
import {
  batchFile, findBatch, findHousehold, householdFacts, insertBatch, insertFacts, listBatches, markFactsChanged,
  membersByIdHash, moveBatch, storedFingerprints, type BatchDetail, type BatchRow, type Db, type NewFact,
} from './queries.js';

/**
 * Other departments' data (数据比对): upload → preview (every row read and matched, nothing stored but the batch) →
 * commit (one transaction: the facts of matched rows, the households marked as changed for the monitoring sweep,
 * one audit entry) or discard. Files are thousands of rows, so the commit runs in the request; rows are still
 * matched in chunks, so no more than one chunk of registry rows is held at a time.
 *
 * People are matched by the blind index of the ID number among current members inside the importer's jurisdiction.
 * Someone registered elsewhere is reported exactly like someone not registered at all: the importer learns nothing
 * about other regions. A fact's fingerprint is an HMAC keyed with the ID number's blind index, so equal rows give
 * equal fingerprints (stored once, whichever file brings them) and nobody without the data key can compute one.
 */

/** Rows matched per round trip. */
export const CHUNK_ROWS = 2_000;
/** Issues and unmatched rows kept with a batch (the counts cover all of them). */
export const MAX_STORED = 1_000;
/** Separates fact fingerprints from any other HMAC keyed the same way. */
const FINGERPRINT_PURPOSE = 'doudi/department-fact/v1';

type Scope = { regionCode: string };

export interface DepartmentActor {
  user: { id: number; username: string; role: string };
  regionCode: string;
  clientAddress: string | null;
}

export const actorOf = (user: RequestUser, clientAddress: string | null): DepartmentActor => ({
  user: { id: user.id, username: user.username, role: user.role }, regionCode: user.regionCode, clientAddress,
});

/** The fact's ID-number blind index (to find the member) and its fingerprint (to store it once). */
export function factKeys(fc: FieldCrypto, fact: DepartmentFact): { idHash: Buffer; fingerprint: Buffer } {
  const idHash = fc.blindIndex('id', fact.idNumber);
  const detail = Object.entries(fact.detail).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = JSON.stringify([FINGERPRINT_PURPOSE, fact.source, fact.date, fact.amountFen, detail]);
  return { idHash, fingerprint: createHmac('sha256', idHash).update(body).digest() };
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis

interface Analysis {
  totalRows: number;
  errorRows: number;
  matchedRows: number;
  unmatchedRows: number;
  duplicateRows: number;
  knownRows: number;
  issues: ImportIssue[];
  unmatched: DepartmentUnmatchedRow[];
}

interface Pending {
  row: number;
  fact: DepartmentFact;
  idHash: Buffer;
  fingerprint: Buffer;
}

/**
 * Reads every row, reports its problems, drops exact repeats within the file, and matches the rest chunk by chunk.
 * `store` receives each chunk's matched facts that are not stored yet (the commit writes them; the preview does not).
 */
async function analyse(
  db: Db, fc: FieldCrypto, scope: Scope, source: DepartmentSource, sheet: DepartmentSheet, today: string,
  store?: (facts: NewFact[]) => Promise<void>,
): Promise<Analysis> {
  const a: Analysis = {
    totalRows: sheet.rows.length, errorRows: 0, matchedRows: 0, unmatchedRows: 0, duplicateRows: 0, knownRows: 0, issues: [], unmatched: [],
  };
  const firstRowOf = new Map<string, number>();
  let pending: Pending[] = [];

  const flush = async () => {
    const chunk = pending;
    pending = [];
    const members = await membersByIdHash(db, scope, [...new Map(chunk.map((p) => [p.idHash.toString('hex'), p.idHash])).values()]);
    const byHash = new Map(members.map((m) => [m.hash, m]));
    const matched = chunk.filter((p) => byHash.has(p.idHash.toString('hex')));
    const stored = await storedFingerprints(db, source, matched.map((p) => p.fingerprint));
    const fresh: NewFact[] = [];
    for (const p of chunk) {
      const member = byHash.get(p.idHash.toString('hex'));
      if (!member) {
        a.unmatchedRows++;
        if (a.unmatched.length < MAX_STORED) a.unmatched.push({ row: p.row, idNumberMasked: maskIdNumber(p.fact.idNumber), name: p.fact.name });
        continue;
      }
      a.matchedRows++;
      const mismatch = nameMismatch(p.fact, member.name, p.row);
      if (mismatch) a.issues.push(mismatch);
      const fp = p.fingerprint.toString('hex');
      if (stored.has(fp)) {
        a.knownRows++;
        continue;
      }
      fresh.push({
        member_id: member.member_id, household_id: member.household_id, region_code: member.region_code,
        fact_date: p.fact.date, amount_fen: p.fact.amountFen, detail: maskedFact(p.fact).detail, fingerprint: fp,
      });
    }
    if (store) await store(fresh);
  };

  for (const { row, fields } of sheet.rows) {
    const parsed = parseDepartmentRow(source, sheet.header, fields, row, today);
    if (!parsed.ok) {
      a.errorRows++;
      a.issues.push(...parsed.errors);
      continue;
    }
    const keys = factKeys(fc, parsed.fact);
    const fp = keys.fingerprint.toString('hex');
    const first = firstRowOf.get(fp);
    if (first !== undefined) {
      a.duplicateRows++;
      a.issues.push(importIssue(row, '', `与第${first}行完全相同，只导入一次`, 'warning'));
      continue;
    }
    firstRowOf.set(fp, row);
    pending.push({ row, fact: parsed.fact, ...keys });
    if (pending.length >= CHUNK_ROWS) await flush();
  }
  if (pending.length) await flush();
  a.issues.sort((x, y) => x.row - y.row || (x.level === y.level ? 0 : x.level === 'error' ? -1 : 1));
  return a;
}

const validRows = (a: Analysis) => a.totalRows - a.errorRows;

function previewMessage(a: Analysis): string {
  const fresh = a.matchedRows - a.knownRows;
  return [
    `预览：共${a.totalRows}行，${validRows(a)}行正确，${a.errorRows}行有错误（不导入）。`,
    `与管辖范围内在册人员匹配${a.matchedRows}行${a.knownRows ? `（其中${a.knownRows}行已导入过，不重复保存）` : ''}，`,
    `未匹配${a.unmatchedRows}行${a.duplicateRows ? `，文件内重复${a.duplicateRows}行（只导入一次）` : ''}。`,
    `提交将保存${fresh}条比对记录。`,
  ].join('');
}

const analysisColumns = (a: Analysis) => ({
  total_rows: a.totalRows,
  valid_rows: validRows(a),
  error_rows: a.errorRows,
  matched_rows: a.matchedRows,
  unmatched_rows: a.unmatchedRows,
  duplicate_rows: a.duplicateRows,
  known_rows: a.knownRows,
  issues: JSON.stringify(a.issues.slice(0, MAX_STORED)),
  unmatched: JSON.stringify(a.unmatched),
});

// ---------------------------------------------------------------------------------------------------------------
// Views

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toView(r: BatchRow | BatchDetail, detail: boolean): DepartmentBatchView {
  const source = DepartmentSource.parse(r.source);
  return {
    id: r.id,
    source,
    sourceLabel: DEPARTMENT_SOURCE.labels[source],
    fileName: r.file_name,
    status: r.status as DepartmentBatchStatus,
    totalRows: r.total_rows,
    validRows: r.valid_rows,
    errorRows: r.error_rows,
    matchedRows: r.matched_rows,
    unmatchedRows: r.unmatched_rows,
    duplicateRows: r.duplicate_rows,
    knownRows: r.known_rows,
    storedFacts: r.stored_facts,
    affectedHouseholds: r.affected_households,
    affectedCounties: r.affected_counties,
    issues: detail && 'issues' in r ? json<ImportIssue[]>(r.issues) : [],
    unmatched: detail && 'unmatched' in r ? json<DepartmentUnmatchedRow[]>(r.unmatched) : [],
    message: r.message,
    createdBy: r.creator_name ?? '',
    createdAt: r.created_at.toISOString(),
    committedAt: r.committed_at ? r.committed_at.toISOString() : null,
  };
}

async function load(db: Db, viewer: Scope, id: number): Promise<BatchDetail> {
  const row = await findBatch(db, viewer, id);
  if (!row) throw notFound('导入批次');
  return row;
}

function wrongStatus(status: string, action: string): Error {
  const label = DEPARTMENT_BATCH_STATUS_LABELS[status as DepartmentBatchStatus] ?? status;
  return conflict(`该批次当前状态为「${label}」，不能${action}；可${action}的状态：${DEPARTMENT_BATCH_STATUS_LABELS.previewed}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Operations

/** Reads and checks a file, matches it with the registry, and keeps it as a batch to commit. Stores no fact. */
export async function preview(
  ctx: AppContext, actor: DepartmentActor, source: DepartmentSource, fileName: string, data: Buffer,
): Promise<DepartmentBatchView> {
  const { db } = ctx.database;
  const sheet = await readDepartmentFile(source, data);
  const analysis = await analyse(db, ctx.crypto, actor, source, sheet, todayInChina());
  const id = await insertBatch(db, {
    source,
    region_code: actor.regionCode,
    file_name: fileName,
    file_sha256: createHash('sha256').update(data).digest('hex'),
    status: 'previewed',
    ...analysisColumns(analysis),
    message: previewMessage(analysis),
    created_by: actor.user.id,
  }, data);
  return get(ctx, actor, id);
}

export async function get(ctx: AppContext, viewer: Scope, id: number): Promise<DepartmentBatchView> {
  return toView(await load(ctx.database.db, viewer, id), true);
}

/** Batches of the viewer's jurisdiction, newest first (issues and unmatched rows are in each batch's own view). */
export async function list(ctx: AppContext, viewer: Scope, q: DepartmentImportQuery): Promise<DepartmentBatchList> {
  const { rows, total } = await listBatches(ctx.database.db, viewer, q);
  return { items: rows.map((r) => toView(r, false)), total };
}

/**
 * Stores the facts of a previewed batch. The file is read and matched again inside the transaction, against the
 * registry as it is now and within the importer's region (the batch's), whoever commits it.
 */
export async function commit(ctx: AppContext, actor: DepartmentActor, id: number): Promise<DepartmentBatchView> {
  const { db } = ctx.database;
  const batch = await load(db, actor, id);
  if (batch.status !== 'previewed') throw wrongStatus(batch.status, '提交');
  const source = DepartmentSource.parse(batch.source);
  let affected: string[] = [];
  await db.transaction().execute(async (trx) => {
    // Claimed first: a concurrent commit of the same batch waits here and then finds it committed.
    if (!(await moveBatch(trx, id, 'previewed', { status: 'committed' }))) {
      const now = await load(trx, actor, id);
      throw wrongStatus(now.status, '提交');
    }
    const data = await batchFile(trx, id);
    if (!data) throw conflict('该批次的文件已清除，请重新上传', { field: 'file' });
    const sheet = await readDepartmentFile(source, data);
    const households = new Set<number>();
    const counties = new Set<string>();
    let stored = 0;
    const analysis = await analyse(trx, ctx.crypto, { regionCode: batch.region_code }, source, sheet, todayInChina(), async (facts) => {
      const written = await insertFacts(trx, id, source, facts);
      stored += written.length;
      const fresh = written.map((w) => w.household_id).filter((h) => !households.has(h));
      await markFactsChanged(trx, [...new Set(fresh)]);
      for (const w of written) {
        households.add(w.household_id);
        counties.add(regionAncestorAt(w.region_code, 3));
      }
    });
    const affectedCounties = [...counties].sort();
    await trx.updateTable('department_batches').set({
      ...analysisColumns(analysis),
      stored_facts: stored,
      affected_households: households.size,
      affected_counties: affectedCounties,
      file_data: null,
      committed_at: new Date(),
      message: `已导入：保存${stored}条比对记录，涉及${households.size}户${analysis.knownRows ? `；${analysis.knownRows}行已导入过，未重复保存` : ''}` +
        `${analysis.unmatchedRows ? `；${analysis.unmatchedRows}行未匹配` : ''}${analysis.errorRows ? `；${analysis.errorRows}行有错误，未导入` : ''}。`,
    }).where('id', '=', id).execute();
    await insertAudit(trx, {
      actor: actor.user, action: 'import', entity: 'department_batch', entityId: id, regionCode: batch.region_code,
      after: {
        source, fileName: batch.file_name, totalRows: analysis.totalRows, matchedRows: analysis.matchedRows,
        unmatchedRows: analysis.unmatchedRows, errorRows: analysis.errorRows, duplicateRows: analysis.duplicateRows,
        knownRows: analysis.knownRows, storedFacts: stored, affectedHouseholds: households.size, affectedCounties,
      },
      clientAddress: actor.clientAddress,
    });
    affected = affectedCounties;
  });
  await recheck(ctx, actor, id, affected);
  return get(ctx, actor, id);
}

/**
 * New facts are checked against the rules at once, so the worker who imported them sees the warnings they raise:
 * an incremental sweep of each affected county (only the households that received facts, and any other change
 * since the last sweep). A county being swept already is left to that sweep, which the nightly run completes.
 */
async function recheck(ctx: AppContext, actor: DepartmentActor, id: number, counties: readonly string[]): Promise<void> {
  let households = 0;
  let raised = 0;
  let leads = 0;
  const busy: string[] = [];
  for (const county of counties) {
    try {
      const sweep = await sweepCounty(ctx, county, { trigger: 'import', mode: 'incremental', actor: actor.user ? { id: actor.user.id } : null });
      households += sweep.households_done ?? 0;
      raised += sweep.raised;
      leads += sweep.leads_created;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
      busy.push(county);
    }
  }
  if (!counties.length) return;
  const note = `监测复核：${households}户，新增预警${raised}条、救助线索${leads}条${busy.length ? `；${busy.length}个县正在复核中，稍后可在监测规则页查看` : ''}。`;
  await ctx.database.db.updateTable('department_batches').set((eb) => ({ message: sql<string>`coalesce(${eb.ref('message')}, '') || ${note}` }))
    .where('id', '=', id).execute();
}

export async function discard(ctx: AppContext, viewer: Scope, id: number): Promise<DepartmentBatchView> {
  const { db } = ctx.database;
  await load(db, viewer, id);
  if (!(await moveBatch(db, id, 'previewed', { status: 'discarded', file_data: null, message: '已放弃，未保存任何比对记录。' }))) {
    throw wrongStatus((await load(db, viewer, id)).status, '放弃');
  }
  return get(ctx, viewer, id);
}

/** The facts stored for a household inside the viewer's jurisdiction, newest first. */
export async function factsOfHousehold(ctx: AppContext, viewer: Scope, householdId: number): Promise<HouseholdFactList> {
  const { db } = ctx.database;
  if (!(await findHousehold(db, viewer, householdId))) throw notFound('家庭');
  const rows = await householdFacts(db, householdId);
  return {
    items: rows.map((r) => {
      const source = DepartmentSource.parse(r.source);
      const detail = json<DepartmentFact['detail']>(r.detail);
      const fact: DepartmentFact = { source, idNumber: '', name: null, date: r.fact_date, amountFen: r.amount_fen, detail };
      return {
        id: r.id, source, sourceLabel: DEPARTMENT_SOURCE.labels[source], memberId: r.member_id, memberName: r.member_name,
        date: r.fact_date, amountFen: r.amount_fen, summary: factSummary(fact), detail, batchId: r.batch_id,
        importedAt: r.created_at.toISOString(),
      };
    }),
  };
}
