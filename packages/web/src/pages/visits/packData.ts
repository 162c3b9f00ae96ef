/** Reading the offline pack: tasks joined to their households, grouped by village, overdue first. */
import type { OfflineHousehold, OfflineMember, OfflinePack, OfflineTask } from '@doudi/domain';
import { useQuery } from '@tanstack/react-query';
import { loadStoredPack, refreshPack } from '../../offline/pack';
import type { StoredPack } from '../../offline/pack';
import { visitKeys } from './visitsApi';

export interface PackTask {
  task: OfflineTask;
  household: OfflineHousehold | null;
  member: OfflineMember | null;
}

export function joinTasks(pack: OfflinePack): PackTask[] {
  const byId = new Map(pack.households.map((h) => [h.id, h]));
  const byMember = new Map<number, { household: OfflineHousehold; member: OfflineMember }>();
  for (const h of pack.households) for (const m of h.members) byMember.set(m.id, { household: h, member: m });
  return pack.tasks.map((task) => {
    const viaMember = task.memberId !== null ? byMember.get(task.memberId) : undefined;
    const household = (task.householdId !== null ? byId.get(task.householdId) : undefined) ?? viaMember?.household ?? null;
    return { task, household, member: viaMember?.member ?? null };
  });
}

/** Villages in name order; inside each, overdue tasks first, then by due date. */
export function groupByVillage(tasks: PackTask[]): { regionCode: string; regionName: string; tasks: PackTask[]; overdue: number }[] {
  const groups = new Map<string, { regionCode: string; regionName: string; tasks: PackTask[]; overdue: number }>();
  for (const t of tasks) {
    const code = t.household?.regionCode ?? '';
    const group = groups.get(code) ?? { regionCode: code, regionName: t.household?.regionName ?? '—', tasks: [], overdue: 0 };
    group.tasks.push(t);
    if (t.task.overdue) group.overdue += 1;
    groups.set(code, group);
  }
  const list = [...groups.values()];
  for (const g of list) {
    g.tasks.sort((a, b) => Number(b.task.overdue) - Number(a.task.overdue) || a.task.dueOn.localeCompare(b.task.dueOn) || a.task.id - b.task.id);
  }
  return list.sort((a, b) => b.overdue - a.overdue || a.regionName.localeCompare(b.regionName, 'zh-CN'));
}

export function matchesSearch(t: PackTask, q: string): boolean {
  const s = q.trim();
  if (!s) return true;
  const h = t.household;
  return Boolean(
    h && (h.headName.includes(s) || h.address.includes(s) || h.regionName.includes(s) || h.members.some((m) => m.name.includes(s))),
  );
}

export type PackResult = StoredPack & { fromDevice: boolean };

/** The pack from the server when reachable (kept on the phone), otherwise the copy on the phone. */
export function usePack(userId: number) {
  return useQuery<PackResult>({
    queryKey: visitKeys.pack(userId),
    queryFn: async () => {
      try {
        return { ...(await refreshPack(userId)), fromDevice: false };
      } catch (error) {
        const stored = await loadStoredPack(userId);
        if (stored) return { ...stored, fromDevice: true };
        throw error;
      }
    },
    meta: { silent: true },
    retry: false,
    staleTime: 60_000,
    networkMode: 'always',
  });
}
