/** Safety hazards, institution inspections, weather warnings (C7) and 一人一策 plans. */
export {};
