/** Row types of the care migration. Keep in step with the SQL. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CareTables {}
