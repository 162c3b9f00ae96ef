import { ROLES, Role, type Permission } from '@doudi/domain';
import { sql } from 'kysely';
import type { Db } from '../monitoring/queries.js';

/**
 * Overdue visit reminders (C4/C5), sent by the nightly job so that no overdue visit goes unseen:
 *  - each visitor with open tasks past their due date is told how many and since when (link: 我的走访);
 *  - the township staff who plan visits (visits.manage, at the township itself) are told their township's count,
 *    assigned or not (link: the township's overdue task list).
 * A reminder goes to a user at most once per China day (same title and link), so running the job twice sends nothing new.
 */

export const VISITOR_REMINDER = '走访任务已逾期';
export const TOWNSHIP_REMINDER = '本乡镇有逾期走访任务';
const MY_VISITS = '/visits/mine';

/** Roles that plan a township's visits. */
const planners = Role.options.filter((r) => (ROLES[r].permissions as readonly Permission[]).includes('visits.manage'));

export async function remindOverdueVisits(db: Db, asOf: string): Promise<{ visitors: number; townships: number }> {
  const dayStart = `${asOf}T00:00:00+08:00`;
  const notSentToday = (user: ReturnType<typeof sql.ref>, title: string, link: ReturnType<typeof sql>) => sql`NOT EXISTS (
    SELECT 1 FROM notifications n WHERE n.user_id = ${user} AND n.title = ${title} AND n.link = ${link} AND n.created_at >= ${dayStart}::timestamptz)`;
  const visitors = await sql`
    INSERT INTO notifications (user_id, title, body, link)
    SELECT t.assignee_id, ${VISITOR_REMINDER},
           '您有 ' || count(*) || ' 个走访任务已过应走访日期（最早应于 ' || to_char(min(t.due_on), 'YYYY-MM-DD') || '），请尽快上门走访；无法按期走访的，请联系乡镇（街道）调整。',
           ${MY_VISITS}
    FROM visit_tasks t JOIN users u ON u.id = t.assignee_id AND NOT u.disabled
    WHERE t.status = 'open' AND t.due_on < ${asOf}::date
      AND ${notSentToday(sql.ref('t.assignee_id'), VISITOR_REMINDER, sql`${MY_VISITS}`)}
    GROUP BY t.assignee_id
    ORDER BY t.assignee_id`.execute(db);
  if (!planners.length) return { visitors: Number(visitors.numAffectedRows ?? 0), townships: 0 };
  const link = sql`'/visits/tasks?regionCode=' || o.township_code || '&status=open&overdue=true'`;
  const townships = await sql`
    WITH o AS (
      SELECT township_code, sum(open) AS n, min(due_on) FILTER (WHERE open > 0) AS since
      FROM visit_task_counts WHERE due_on < ${asOf}::date GROUP BY township_code HAVING sum(open) > 0
    )
    INSERT INTO notifications (user_id, title, body, link)
    SELECT u.id, ${TOWNSHIP_REMINDER},
           coalesce(r.name, o.township_code) || '有 ' || o.n || ' 个走访任务已逾期（最早应于 ' || to_char(o.since, 'YYYY-MM-DD') || ' 走访），请督促走访或重新分派。',
           ${link}
    FROM o JOIN users u ON u.region_code = o.township_code AND NOT u.disabled AND u.role IN (${sql.join(planners)})
    LEFT JOIN regions r ON r.code = o.township_code
    WHERE ${notSentToday(sql.ref('u.id'), TOWNSHIP_REMINDER, link)}
    ORDER BY u.id`.execute(db);
  return { visitors: Number(visitors.numAffectedRows ?? 0), townships: Number(townships.numAffectedRows ?? 0) };
}
