/** Elderly people in special difficulty (C5) and children in difficulty (C6): identification, tiers, cadence. */
export {};
