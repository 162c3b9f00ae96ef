/** UI strings of the care pages (see ../messages.ts for the conventions). */
export const careMessages = {
  'care.nav.elderly': { zh: '老年人名单', en: 'Elderly people' },
  'care.nav.elderlyTasks': { zh: '探访任务', en: 'Visit tasks' },
  'care.nav.help': { zh: '紧急求助', en: 'Help requests' },
  'care.nav.children': { zh: '困境儿童名单', en: 'Children' },
  'care.nav.childRisks': { zh: '风险报告', en: 'Risk reports' },
} as const satisfies Record<string, { zh: string; en: string }>;
