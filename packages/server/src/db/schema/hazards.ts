import type { ColumnType, Generated } from 'kysely';

/** Row types of migrations/0009_hazards.sql. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;
type DateColumn = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface InstitutionsTable {
  id: Generated<number>;
  region_code: string;
  type: string;
  name: string;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionsTable {
  id: Generated<number>;
  institution_id: number;
  region_code: string;
  inspected_on: DateColumn;
  inspectors: string;
  note: Generated<string>;
  items_total: number;
  items_failed: number;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionItemsTable {
  inspection_id: number;
  seq: number;
  list: string;
  item_key: string | null;
  label: string;
  category: string;
  passed: boolean;
  note: Generated<string>;
  hazard_id: number | null;
}

export interface HazardsTable {
  id: Generated<number>;
  region_code: string;
  source: string;
  visit_id: number | null;
  household_id: number | null;
  institution_id: number | null;
  inspection_id: number | null;
  category: string;
  severity: string;
  description: string;
  owner_name: string;
  owner_user_id: number | null;
  deadline: DateColumn;
  status: Generated<string>;
  rectification: string | null;
  rectified_by: number | null;
  rectified_at: NullableTimestamp;
  verified_by: number | null;
  verified_at: NullableTimestamp;
  verification_note: string | null;
  closed_at: NullableTimestamp;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface HazardPhotosTable {
  id: Generated<number>;
  hazard_id: number;
  content_type: string;
  bytes: Uint8Array;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface HazardEventsTable {
  id: Generated<number>;
  hazard_id: number;
  region_code: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  at: Timestamp;
  detail: Json;
}

export interface WeatherWarningsTable {
  id: Generated<number>;
  region_code: string;
  kind: string;
  level: string;
  starts_on: DateColumn;
  ends_on: DateColumn;
  source: Generated<string>;
  text: Generated<string>;
  visits_created: Generated<number>;
  notified: Generated<number>;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  body: Generated<string>;
  link: string | null;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface CarePlansTable {
  id: Generated<number>;
  region_code: string;
  household_id: number;
  visit_id: number | null;
  problems: string;
  measures: Json;
  responsible_name: Generated<string>;
  responsible_user_id: number | null;
  review_on: NullableDate;
  status: Generated<string>;
  close_summary: string | null;
  closed_at: NullableTimestamp;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CarePlanEventsTable {
  id: Generated<number>;
  plan_id: number;
  region_code: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  at: Timestamp;
  detail: Json;
}

export interface HazardsTables {
  institutions: InstitutionsTable;
  inspections: InspectionsTable;
  inspection_items: InspectionItemsTable;
  hazards: HazardsTable;
  hazard_photos: HazardPhotosTable;
  hazard_events: HazardEventsTable;
  weather_warnings: WeatherWarningsTable;
  notifications: NotificationsTable;
  care_plans: CarePlansTable;
  care_plan_events: CarePlanEventsTable;
}
