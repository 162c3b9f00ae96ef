import {
  type DuplicateCandidate, type DuplicatePerson, type DuplicateQuery, type DuplicateReason, type ReviewDuplicateRequest,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, inRegion } from '../../auth/jurisdiction.js';
import { conflict, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { findMember, insertHistory } from './queries.js';

/**
 * Probable duplicates: two current members with the same name and birth date (anywhere in the viewer's
 * jurisdiction), or the same pinyin in the same village (homophones typed differently). The same ID number cannot
 * exist twice (a unique blind index). A reviewer marks a pair 'duplicate' (a link, never a merge: both records stay)
 * or 'distinct'; the review is revocable.
 */

interface PairRow {
  a: number;
  b: number;
  reason: DuplicateReason;
  review_id: number | null;
  decision: 'duplicate' | 'distinct' | null;
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
}

export async function list(ctx: AppContext, actor: RequestUser, q: DuplicateQuery): Promise<{ items: DuplicateCandidate[]; total: number }> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const inRange = (alias: string) => inRegion(q.regionCode ?? actor.regionCode, `${alias}.region_code`);
  const pairs = sql`
    SELECT DISTINCT ON (a, b) a, b, reason FROM (
      SELECT x.id AS a, y.id AS b, 'same_name_birth' AS reason, 1 AS rank
        FROM members x JOIN members y ON y.name = x.name AND y.birth_date = x.birth_date AND y.id > x.id
       WHERE x.removed_at IS NULL AND y.removed_at IS NULL AND ${inRange('x')} AND ${inRange('y')}
      UNION ALL
      SELECT x.id, y.id, 'same_pinyin_village', 2
        FROM members x JOIN members y ON y.region_code = x.region_code AND y.name_pinyin = x.name_pinyin AND y.id > x.id
       WHERE x.removed_at IS NULL AND y.removed_at IS NULL AND x.name_pinyin <> '' AND ${inRange('x')}
    ) p ORDER BY a, b, rank`;
  const reviewed = q.status === 'reviewed';
  const rows = await sql<PairRow & { total: number }>`
    WITH pairs AS (${pairs})
    SELECT pairs.a, pairs.b, pairs.reason, r.id AS review_id, r.decision, r.note, u.display_name AS reviewed_by, r.reviewed_at,
           count(*) OVER ()::int AS total
      FROM pairs
      LEFT JOIN duplicate_reviews r ON r.member_a = pairs.a AND r.member_b = pairs.b AND r.revoked_at IS NULL
      LEFT JOIN users u ON u.id = r.reviewed_by
     WHERE ${reviewed ? sql`r.id IS NOT NULL` : sql`r.id IS NULL`}
     ORDER BY pairs.a, pairs.b
     LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.database.db);
  const ids = [...new Set(rows.rows.flatMap((r) => [r.a, r.b]))];
  const people = new Map<number, DuplicatePerson>();
  if (ids.length) {
    const ps = await ctx.database.db.selectFrom('members').innerJoin('households', 'households.id', 'members.household_id')
      .leftJoin('regions', 'regions.code', 'members.region_code')
      .select(['members.id', 'members.name', 'members.id_number_masked', 'members.birth_date', 'members.household_id', 'households.head_name', 'regions.name as region_name'])
      .where('members.id', 'in', ids).execute();
    for (const p of ps) {
      people.set(p.id, {
        memberId: p.id, name: p.name, idNumberMasked: p.id_number_masked, birthDate: p.birth_date, householdId: p.household_id,
        headName: p.head_name, regionName: p.region_name ?? '',
      });
    }
  }
  return {
    total: rows.rows[0]?.total ?? 0,
    items: rows.rows.map((r) => ({
      a: people.get(r.a)!, b: people.get(r.b)!, reason: r.reason,
      review: r.review_id === null ? null : {
        id: r.review_id, decision: r.decision!, note: r.note ?? '', reviewedBy: r.reviewed_by ?? '', reviewedAt: new Date(r.reviewed_at!).toISOString(),
      },
    })),
  };
}

export async function review(ctx: AppContext, actor: RequestUser, input: ReviewDuplicateRequest, clientAddress: string): Promise<{ id: number }> {
  const [a, b] = input.memberA < input.memberB ? [input.memberA, input.memberB] : [input.memberB, input.memberA];
  const ma = await findMember(ctx.database.db, actor, a);
  const mb = await findMember(ctx.database.db, actor, b);
  if (!ma || !mb) throw notFound('人员');
  const reason: DuplicateReason = ma.name === mb.name && ma.birth_date === mb.birth_date ? 'same_name_birth' : 'same_pinyin_village';
  return ctx.database.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('duplicate_reviews').select('id').where('member_a', '=', a).where('member_b', '=', b).where('revoked_at', 'is', null).executeTakeFirst();
    if (existing) throw conflict('这两人已审核过；如需改变结论，请先撤销原结论');
    const { id } = await trx.insertInto('duplicate_reviews').values({
      member_a: a, member_b: b, region_code: ma.region_code, reason, decision: input.decision, note: input.note, reviewed_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const text = input.decision === 'duplicate' ? '确认为同一人（仅关联，记录均保留，未合并）' : '确认不是同一人';
    for (const [m, other] of [[ma, mb], [mb, ma]] as const) {
      await insertHistory(trx, {
        householdId: m.household_id, regionCode: m.region_code, actorId: actor.id, source: 'duplicate',
        summary: `疑似重复审核：${m.name}与${other.name}（${other.id_number_masked}）${text}${input.note ? `；${input.note}` : ''}`,
      });
    }
    await insertAudit(trx, { actor, action: 'create', entity: 'duplicate_review', entityId: id, regionCode: ma.region_code, after: { a, b, decision: input.decision, note: input.note }, clientAddress });
    return { id };
  });
}

export async function revoke(ctx: AppContext, actor: RequestUser, id: number, clientAddress: string): Promise<{ id: number }> {
  const r = await ctx.database.db.selectFrom('duplicate_reviews').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  const ma = r && await findMember(ctx.database.db, actor, r.member_a);
  const mb = r && await findMember(ctx.database.db, actor, r.member_b);
  if (!r || !ma || !mb) throw notFound('审核结论');
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('duplicate_reviews').set({ revoked_at: new Date(), revoked_by: actor.id }).where('id', '=', id).execute();
    for (const m of [ma, mb]) {
      await insertHistory(trx, {
        householdId: m.household_id, regionCode: m.region_code, actorId: actor.id, source: 'duplicate',
        summary: `撤销疑似重复审核结论：${ma.name}与${mb.name}（原结论：${r.decision === 'duplicate' ? '同一人' : '不是同一人'}）`,
      });
    }
    await insertAudit(trx, { actor, action: 'update', entity: 'duplicate_review', entityId: id, regionCode: r.region_code, before: { decision: r.decision }, after: { revoked: true }, clientAddress });
  });
  return { id };
}
