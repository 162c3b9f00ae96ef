/** Campaigns (专项行动), visit plans and tasks, visits and their checklist (C4). */
export {};
