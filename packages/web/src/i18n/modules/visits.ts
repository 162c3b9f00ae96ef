/** UI strings of the visits pages (see ../messages.ts for the conventions). */
export const visitsMessages = {
  'visits.nav.mine': { zh: '我的走访', en: 'My visits' },
  'visits.nav.campaigns': { zh: '专项行动', en: 'Campaigns' },
  'visits.nav.plans': { zh: '走访计划', en: 'Visit plans' },
  'visits.nav.carePlans': { zh: '一人一策', en: 'Care plans' },
  'visits.nav.dashboard': { zh: '走访看板', en: 'Dashboard' },
} as const satisfies Record<string, { zh: string; en: string }>;
