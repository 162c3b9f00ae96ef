/** Row types of the hazards migration. Keep in step with the SQL. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HazardsTables {}
