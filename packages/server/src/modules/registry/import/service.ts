import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import {
  IMPORT_MODE_LABELS, type ImportBatchView, type ImportIssue, type ImportMode, type ParsedHousehold,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../../auth/context.js';
import { AppError, conflict, notFound } from '../../../http/errors.js';
import { ahead, transactionAhead } from '../../../jobs/overlap.js';
import { insertAudit } from '../../audit/queries.js';
import { todayInChina } from '../rows.js';
import { ConcurrentChange, creatingPlans, executeWrite, HouseholdIds, prepareWrite, type PreparedWrite, type WriteContext } from './commit.js';
import { readImportFile, type ImportFormat } from './parse.js';
import {
  addCounts, analyse, chunkByRows, countPlans, planChunk, planHouseholds, planRows, ZERO_COUNTS,
  type Analysis, type HouseholdPlan, type PlanCounts,
} from './plan.js';
import { addBatchProgress, batchFile, findBatch, listBatches, scopeWhere, type BatchRow, type Db, type ImportScope } from './queries.js';

/**
 * Registry imports: upload → preview (every row validated and compared with the registry, nothing written) → commit
 * in the background (mode 'all': one transaction, all or nothing; mode 'valid': chunks of about 2,000 rows, one
 * transaction each, three at a time on a server, error rows skipped) with progress → result. Re-importing a file
 * changes nothing: people are matched by ID number, and only differing fields are written. One audit entry per
 * committed batch.
 */

/** Who imports, and inside which jurisdiction. */
export interface ImportActor {
  /** The signed-in user; null for the command line (the system). */
  user: { id: number; username: string; role: string } | null;
  /** The jurisdiction: the user's region, the command line's --region, or null for the whole country (command line). */
  regionCode: string | null;
  source: 'web' | 'cli';
  clientAddress?: string | null;
}

export const actorOf = (user: RequestUser, clientAddress: string | null = null): ImportActor => ({
  user: { id: user.id, username: user.username, role: user.role }, regionCode: user.regionCode, source: 'web', clientAddress,
});

/** Rows per transaction in mode 'valid' (a household is never split). */
export const CHUNK_ROWS = 2_000;
/**
 * Chunk transactions a commit in mode 'valid' runs at once on a PostgreSQL server: while one lane's statements run,
 * the others prepare their rows (encryption, COPY text) or run their own, so the server's work and Node's overlap on two
 * cores (three lanes against two: 3.93 s against 4.31 s on average for 100,000 rows; docs/ARCHITECTURE.md). The
 * embedded database has one connection and runs in this process: one lane.
 */
const SERVER_COMMIT_LANES = 3;
/** Issues kept with a batch (the counts cover all of them). */
export const MAX_STORED_ISSUES = 1_000;
/** A batch still "committing" with no progress for this long, and not running in this process, was interrupted. */
const STALE_MS = 15 * 60_000;

/**
 * The analysis and comparison of the last file previewed in this process, reused by its commit (reading, validating
 * and comparing a big file is half the work). One slot, taken by the commit; any other commit reads the stored file
 * and compares it again. Either way the commit checks, in each chunk's transaction, that what was compared is
 * unchanged, and compares the chunk again if not.
 */
interface Compared {
  batchId: number;
  sha: string;
  today: string;
  headerRow: number;
  analysis: Analysis;
  plans: HouseholdPlan[];
  planIssues: ImportIssue[];
}
let lastPreview: Compared | null = null;

/** Commits running in this process, with their progress (visible before their transaction ends). */
const running = new Map<number, { promise: Promise<void>; processed: number }>();

/** Resolves when every commit running in this process has ended (the server waits for it before closing). */
export async function waitForImports(): Promise<void> {
  while (running.size) await Promise.allSettled([...running.values()].map((r) => r.promise));
}

const FORMATS: readonly ImportFormat[] = ['summary', 'template', 'csv'];
type Status = ImportBatchView['status'];

function toView(r: BatchRow, withIssues: boolean): ImportBatchView {
  const progress = r.status === 'committing' ? running.get(r.id)?.processed ?? 0 : 0;
  const issues = (typeof r.errors === 'string' ? JSON.parse(r.errors) : r.errors) as ImportIssue[];
  return {
    id: r.id,
    fileName: r.file_name,
    format: FORMATS.includes(r.format as ImportFormat) ? (r.format as ImportFormat) : 'csv',
    status: r.status as Status,
    mode: (r.mode as ImportMode | null) ?? null,
    totalRows: r.total_rows,
    validRows: r.valid_rows,
    errorRows: r.error_rows,
    warningRows: r.warning_rows,
    issues: withIssues ? issues : [],
    processedRows: Math.max(r.processed_rows, progress),
    createdHouseholds: r.created_households,
    createdMembers: r.created_members,
    updatedMembers: r.updated_members,
    unchangedRows: r.unchanged_rows,
    message: r.message,
    createdBy: r.creator_name ?? '命令行',
    createdAt: r.created_at.toISOString(),
    committedAt: r.committed_at ? r.committed_at.toISOString() : null,
  };
}

/** Row counts from the issues (a row with any error is an error row), and the issues kept, in row order. */
function summarise(issues: readonly ImportIssue[], totalRows: number, headerRow: number) {
  const errorRows = new Set<number>();
  const warningRows = new Set<number>();
  for (const i of issues) {
    if (i.row <= headerRow) continue;
    (i.level === 'error' ? errorRows : warningRows).add(i.row);
  }
  const sorted = [...issues].sort((a, b) => a.row - b.row || (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  return {
    total_rows: totalRows,
    error_rows: errorRows.size,
    valid_rows: totalRows - errorRows.size,
    warning_rows: warningRows.size,
    errors: JSON.stringify(sorted.slice(0, MAX_STORED_ISSUES)),
  };
}

const countColumns = (c: PlanCounts) => ({
  created_households: c.createdHouseholds, created_members: c.createdMembers, updated_members: c.updatedMembers, unchanged_rows: c.unchangedRows,
});

const countText = (c: PlanCounts) =>
  `新建${c.createdHouseholds}户、新增${c.createdMembers}人、更新${c.updatedMembers}人，${c.unchangedRows}行与系统一致无需改动`;

const SUMMARY_NOTE = '附件3版式每行只导入户主：户主年收入按「家庭人均收入×12×家庭人口」记入，补录其余家庭成员（不另计收入）后，月人均收入即为表中数值。';

// ---------------------------------------------------------------------------------------------------------------

/**
 * Reads and checks a file, compares it with the registry, and keeps it (with its issues) as a batch to commit.
 * The counters of a previewed batch are what a commit in mode 'valid' would do.
 */
export async function preview(ctx: AppContext, actor: ImportActor, fileName: string, data: Buffer): Promise<ImportBatchView> {
  const { db } = ctx.database;
  const scope: ImportScope = { regionCode: actor.regionCode };
  const today = todayInChina();
  const sheet = await readImportFile(data);
  const sha = createHash('sha256').update(data).digest('hex');
  const insertBatch = async (trx: Db) => (await trx.insertInto('import_batches').values({
    region_code: actor.regionCode,
    file_name: fileName,
    file_sha256: sha,
    format: sheet.format,
    // As base64 text decoded in SQL: a large bytea parameter is slow to pass to PGlite (seconds for a few MB).
    file_data: sql<Uint8Array>`decode(${data.toString('base64')}, 'base64')`,
    status: 'previewed',
    errors: '[]',
    created_by: actor.user?.id ?? null,
  }).returning('id').executeTakeFirstOrThrow()).id;
  // On a server the file is stored while it is checked and compared, in a transaction that commits with the outcome
  // (storing a 9.4 MB file took 0.4–0.7 s). PGlite has one connection: it stores the file at the end.
  const storing = ctx.database.kind === 'pglite' ? null : transactionAhead(db, insertBatch);
  try {
    const analysis = await analyse(db, scope, sheet, today);
    const planned = await planHouseholds(db, ctx.database.kind, scope, ctx.crypto, analysis.households, 5 * CHUNK_ROWS);
    const counts = countPlans(planned.plans);
    const sums = summarise([...analysis.issues, ...planned.issues], analysis.totalRows, sheet.headerRow);
    const same = await db.selectFrom('import_batches').select('id').where('file_sha256', '=', sha).where('status', '=', 'committed')
      .where(scopeWhere(scope, 'region_code')).orderBy('id', 'desc').executeTakeFirst();
    const message = [
      `预览：共${sums.total_rows}行，${sums.valid_rows}行正确，${sums.error_rows}行有错误${sums.warning_rows ? `，${sums.warning_rows}行有提示` : ''}。`,
      `按「${IMPORT_MODE_LABELS.valid}」提交将${countText(counts)}。`,
      sheet.header.layout === 'summary' ? SUMMARY_NOTE : '',
      same ? `同一文件已于批次#${same.id}导入过；再次导入不会重复登记。` : '',
    ].join('');
    const describe = async (trx: Db, id: number) => {
      await trx.updateTable('import_batches').set({ ...sums, ...countColumns(counts), message }).where('id', '=', id).execute();
      return id;
    };
    const id = storing
      ? await storing.end(describe)
      : await db.transaction().execute(async (trx) => describe(trx, await insertBatch(trx)));
    lastPreview = { batchId: id, sha, today, headerRow: sheet.headerRow, analysis, plans: planned.plans, planIssues: planned.issues };
    return await get(ctx, scope, id);
  } catch (err) {
    await storing?.cancel();
    throw err;
  }
}

async function load(ctx: AppContext, viewer: ImportScope, id: number): Promise<BatchRow> {
  const { db } = ctx.database;
  let row = await findBatch(db, viewer, id);
  if (!row) throw notFound('导入批次');
  // A commit that no process is running any more (the server stopped during it) is marked as interrupted.
  if (row.status === 'committing' && !running.has(row.id) &&
      (ctx.database.kind === 'pglite' || Date.now() - new Date(row.updated_at).getTime() > STALE_MS)) {
    await db.updateTable('import_batches').set({
      status: 'failed', updated_at: new Date(),
      message: row.mode === 'all'
        ? '导入中断（服务曾停止），未写入任何数据；可重新提交。'
        : '导入中断（服务曾停止），已完成的部分已写入；可重新提交，已导入的行不会重复登记。',
    }).where('id', '=', id).where('status', '=', 'committing').execute();
    row = (await findBatch(db, viewer, id))!;
  }
  return row;
}

export async function get(ctx: AppContext, viewer: ImportScope, id: number): Promise<ImportBatchView> {
  return toView(await load(ctx, viewer, id), true);
}

/** Batches of the viewer's jurisdiction, newest first (issues are in each batch's own view). */
export async function list(ctx: AppContext, viewer: ImportScope, q: { page: number; pageSize: number }): Promise<{ items: ImportBatchView[]; total: number }> {
  const { rows, total } = await listBatches(ctx.database.db, viewer, q.page, q.pageSize);
  return { items: rows.map((r) => toView(r, false)), total };
}

const STATUS_LABELS: Record<Status, string> = {
  previewed: '已预览', committing: '导入中', committed: '已导入', failed: '失败', discarded: '已放弃',
};

function wrongStatus(row: BatchRow, action: string, allowed: Status[]): AppError {
  return conflict(`该批次当前状态为「${STATUS_LABELS[row.status as Status]}」，不能${action}；可${action}的状态：${allowed.map((s) => STATUS_LABELS[s]).join('、')}`);
}

export async function discard(ctx: AppContext, actor: ImportActor, id: number): Promise<ImportBatchView> {
  const scope = { regionCode: actor.regionCode };
  const row = await load(ctx, scope, id);
  const r = await ctx.database.db.updateTable('import_batches')
    .set({ status: 'discarded', file_data: null, updated_at: new Date(), message: '已放弃，未导入任何数据。' })
    .where('id', '=', id).where('status', 'in', ['previewed', 'failed']).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw wrongStatus(row, '放弃', ['previewed', 'failed']);
  return get(ctx, scope, id);
}

/**
 * Starts the commit of a previewed (or failed) batch and answers at once; `GET` shows its progress. The batch is
 * committed inside its own jurisdiction (the importer's), by the committing actor.
 */
export async function startCommit(
  ctx: AppContext, actor: ImportActor, id: number, mode: ImportMode, log: (err: unknown) => void = () => {},
): Promise<{ view: ImportBatchView; done: Promise<void> }> {
  const viewer = { regionCode: actor.regionCode };
  const row = await load(ctx, viewer, id);
  if (running.has(id)) throw wrongStatus({ ...row, status: 'committing' }, '提交', ['previewed', 'failed']);
  // Registered before the status changes, so no reader ever sees "committing" without a running job here.
  let ended!: () => void;
  const entry = { processed: 0, promise: new Promise<void>((resolve) => (ended = resolve)) };
  running.set(id, entry);
  const release = () => {
    running.delete(id);
    ended();
  };
  const claimed = await ctx.database.db.updateTable('import_batches')
    .set({ status: 'committing', mode, processed_rows: 0, ...countColumns(ZERO_COUNTS), updated_at: new Date(), message: `正在导入（${IMPORT_MODE_LABELS[mode]}）…` })
    .where('id', '=', id).where('status', 'in', ['previewed', 'failed']).executeTakeFirst()
    .catch((err: unknown) => {
      release();
      throw err;
    });
  if (Number(claimed.numUpdatedRows) === 0) {
    release();
    throw wrongStatus(row, '提交', ['previewed', 'failed']);
  }
  void runCommit(ctx, actor, row, mode, entry, log).finally(release);
  return { view: await get(ctx, viewer, id), done: entry.promise };
}

class NothingImported extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super('');
  }
}

/**
 * The planner's statistics after an import, on the embedded database: it has no autovacuum, and a first big import
 * would otherwise leave the registry planned as if it were empty. A PostgreSQL server's autovacuum analyzes a table
 * once a tenth of it has changed.
 */
async function analyzeRegistry(ctx: AppContext, db: Db): Promise<void> {
  if (ctx.database.kind !== 'pglite') return;
  await sql`ANALYZE households`.execute(db);
  await sql`ANALYZE members`.execute(db);
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';
const isConflict = (err: unknown) => err instanceof ConcurrentChange || isUniqueViolation(err);

/** A transaction's worth of the commit: its households' plans and the comparison's issues about their rows. */
interface CommitChunk {
  /** The households compared (a comparison again may stop some of them: they keep their issues here). */
  households: readonly ParsedHousehold[];
  plans: HouseholdPlan[];
  issues: ImportIssue[];
  rows: number;
}

/** The plans in chunks of about CHUNK_ROWS rows, each with the comparison's issues about its rows. */
function commitChunks(plans: readonly HouseholdPlan[], planIssues: readonly ImportIssue[]): { chunks: CommitChunk[]; unplanned: ImportIssue[] } {
  const chunks = chunkByRows(plans, CHUNK_ROWS, planRows).map((ps): CommitChunk => ({
    households: ps.map((p) => p.parsed), plans: ps, issues: [], rows: ps.reduce((n, p) => n + planRows(p), 0),
  }));
  const chunkOfRow = new Map<number, CommitChunk>();
  for (const c of chunks) for (const p of c.plans) for (const r of p.parsed.rows) chunkOfRow.set(r, c);
  // Issues about households the comparison stopped (not planned) stay as they are.
  const unplanned: ImportIssue[] = [];
  for (const i of planIssues) (chunkOfRow.get(i.row)?.issues ?? unplanned).push(i);
  return { chunks, unplanned };
}

/** Compares a chunk again inside its transaction (what was compared before has changed), replacing its issues. */
async function compareAgain(trx: Db, scope: ImportScope, ctx: AppContext, chunk: CommitChunk, ids: HouseholdIds): Promise<void> {
  const fresh = await planChunk(trx, ctx.database.kind, scope, ctx.crypto, chunk.households);
  chunk.plans = fresh.plans;
  chunk.issues = fresh.issues;
  await ids.reserve(trx, creatingPlans(fresh.plans).length);
}

/** Prepares a chunk's rows ahead, while the previous chunk is written. */
const prepareAhead = (chunk: CommitChunk | undefined, wc: WriteContext, ids: HouseholdIds) => (chunk ? ahead(prepareWrite(chunk.plans, wc, ids)) : null);

async function runCommit(
  ctx: AppContext, actor: ImportActor, batch: BatchRow, mode: ImportMode, progress: { processed: number }, log: (err: unknown) => void,
): Promise<void> {
  const { db } = ctx.database;
  const scope: ImportScope = { regionCode: batch.region_code };
  const today = todayInChina();
  let counts = ZERO_COUNTS;
  let issues: ImportIssue[] = [];
  let headerRow = 0;
  let totalRows = batch.total_rows;
  const finish = async (trx: Db, status: 'committed' | 'failed', message: string) => {
    await trx.updateTable('import_batches').set({
      status, message, processed_rows: status === 'committed' ? totalRows : progress.processed, updated_at: new Date(),
      ...(status === 'committed' ? { file_data: null, committed_at: new Date() } : {}),
      ...summarise(issues, totalRows, headerRow),
      ...countColumns(counts),
    }).where('id', '=', batch.id).execute();
    if (status === 'committed' || counts.changedHouseholds > 0) {
      await insertAudit(trx, {
        actor: actor.user, action: 'import', entity: 'import_batch', entityId: batch.id, regionCode: batch.region_code,
        after: {
          fileName: batch.file_name, format: batch.format, mode, status, totalRows, createdHouseholds: counts.createdHouseholds,
          createdMembers: counts.createdMembers, updatedMembers: counts.updatedMembers, unchangedRows: counts.unchangedRows,
          errorRows: summarise(issues, totalRows, headerRow).error_rows, source: actor.source,
        },
        clientAddress: actor.clientAddress ?? null,
      });
    }
  };
  const errorCount = (list: readonly ImportIssue[]) => new Set(list.filter((i) => i.level === 'error' && i.row > headerRow).map((i) => i.row)).size;
  try {
    const cached = lastPreview;
    lastPreview = null;
    let compared: Pick<Compared, 'analysis' | 'plans' | 'planIssues'>;
    if (cached && cached.batchId === batch.id && cached.sha === batch.file_sha256 && cached.today === today) {
      ({ headerRow } = cached);
      compared = cached;
    } else {
      const data = await batchFile(db, batch.id);
      if (!data) throw conflict('该批次的文件已清除，请重新上传');
      const sheet = await readImportFile(data);
      headerRow = sheet.headerRow;
      const analysis = await analyse(db, scope, sheet, today);
      const planned = await planHouseholds(db, ctx.database.kind, scope, ctx.crypto, analysis.households, 5 * CHUNK_ROWS);
      compared = { analysis, plans: planned.plans, planIssues: planned.issues };
    }
    const { analysis } = compared;
    totalRows = analysis.totalRows;
    const { chunks, unplanned } = commitChunks(compared.plans, compared.planIssues);
    const currentIssues = () => [...analysis.issues, ...unplanned, ...chunks.flatMap((c) => c.issues)];
    issues = currentIssues();
    const wc: WriteContext = { crypto: ctx.crypto, batchId: batch.id, fileName: batch.file_name, actorId: actor.user?.id ?? null, today, pinyin: new Map() };
    const ids = new HouseholdIds();
    await ids.reserve(db, creatingPlans(compared.plans).length);

    if (mode === 'all') {
      if (errorCount(issues)) throw new NothingImported(issues);
      for (let attempt = 1; ; attempt++) {
        try {
          await db.transaction().execute(async (trx) => {
            let total = ZERO_COUNTS;
            progress.processed = 0;
            let next = prepareAhead(chunks[0], wc, ids);
            for (let k = 0; k < chunks.length; k++) {
              const chunk = chunks[k]!;
              let prepared: PreparedWrite;
              if (attempt === 1) {
                prepared = await next!;
                next = prepareAhead(chunks[k + 1], wc, ids);
              } else {
                // After a conflict, every chunk is compared again inside this one transaction.
                await compareAgain(trx, scope, ctx, chunk, ids);
                issues = currentIssues();
                if (errorCount(issues)) throw new NothingImported(issues);
                prepared = await prepareWrite(chunk.plans, wc, ids);
              }
              total = addCounts(total, await executeWrite(trx, prepared));
              progress.processed += chunk.rows;
            }
            counts = total;
            await analyzeRegistry(ctx, trx);
            await finish(trx, 'committed', `已导入（${IMPORT_MODE_LABELS.all}）：${countText(counts)}。`);
          });
          return;
        } catch (err) {
          if (attempt >= 3 || !isConflict(err)) throw err;
          counts = ZERO_COUNTS;
        }
      }
    }

    // Mode 'valid': one transaction per chunk, in lanes that take the next chunk in file order. A lane that fails stops
    // the others taking more; the commit ends once every lane has finished its current chunk, so the outcome written
    // below counts every chunk that was committed.
    let taken = 0;
    let stopped = false;
    const lane = async () => {
      while (!stopped && taken < chunks.length) {
        const chunk = chunks[taken++]!;
        let prepared = await prepareWrite(chunk.plans, wc, ids);
        for (let attempt = 1; ; attempt++) {
          try {
            const written = await db.transaction().execute(async (trx) => {
              if (attempt > 1) {
                // Someone changed or registered the same people meanwhile: compare again (at most twice).
                await compareAgain(trx, scope, ctx, chunk, ids);
                prepared = await prepareWrite(chunk.plans, wc, ids);
              }
              const c = await executeWrite(trx, prepared);
              await addBatchProgress(trx, batch.id, chunk.rows, c);
              return c;
            });
            counts = addCounts(counts, written);
            // A chunk compared again has the issues of that comparison.
            if (attempt > 1) issues = currentIssues();
            break;
          } catch (err) {
            if (attempt >= 3 || !isConflict(err)) throw err;
          }
        }
        progress.processed += chunk.rows;
      }
    };
    const lanes = ctx.database.kind === 'pglite' ? 1 : SERVER_COMMIT_LANES;
    const ended = await Promise.allSettled(Array.from({ length: lanes }, () => lane().catch((err: unknown) => {
      stopped = true;
      throw err;
    })));
    const failure = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    const skipped = errorCount(issues);
    await analyzeRegistry(ctx, db);
    await db.transaction().execute((trx) => finish(trx, 'committed',
      `已导入（${IMPORT_MODE_LABELS.valid}）：${countText(counts)}${skipped ? `；${skipped}行有错误，未导入` : ''}。`));
  } catch (err) {
    let message: string;
    if (err instanceof NothingImported) {
      message = `有${errorCount(err.issues)}行错误，按「${IMPORT_MODE_LABELS.all}」未导入任何数据；请修改后重新上传，或改选「${IMPORT_MODE_LABELS.valid}」。`;
      issues = err.issues;
      counts = ZERO_COUNTS;
      progress.processed = 0;
    } else if (err instanceof AppError) {
      message = `导入失败：${err.message}`;
    } else if (isConflict(err)) {
      message = `导入失败：${err instanceof ConcurrentChange ? err.message : '导入期间有人员被他人登记'}，请重新提交。`;
    } else {
      log(err);
      message = '导入失败：服务器内部错误（已记录），请稍后重新提交。';
    }
    if (mode === 'all') {
      counts = ZERO_COUNTS;
      progress.processed = 0;
    } else if (counts.changedHouseholds > 0) {
      message += `已完成的部分（${countText(counts)}）已写入，重新提交不会重复登记。`;
    }
    try {
      await db.transaction().execute((trx) => finish(trx, 'failed', message));
    } catch (e) {
      log(e);
    }
  }
}
