/** UI strings of the hazards pages (see ../messages.ts for the conventions). */
export const hazardsMessages = {
  'hazards.nav.list': { zh: '隐患整改', en: 'Hazards' },
  'hazards.nav.inspections': { zh: '机构检查', en: 'Inspections' },
  'hazards.nav.weather': { zh: '天气预警', en: 'Weather warnings' },
} as const satisfies Record<string, { zh: string; en: string }>;
