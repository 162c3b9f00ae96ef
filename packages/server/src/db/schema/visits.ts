import type { ColumnType, Generated } from 'kysely';

/** Row types of migrations/0007_visits.sql. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;
type DateColumn = ColumnType<string, string, string>;

export interface CampaignsTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  doc_number: string | null;
  starts_on: DateColumn;
  ends_on: DateColumn;
  description: Generated<string>;
  target_groups: Json;
  status: Generated<string>;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CampaignTasksTable {
  id: Generated<number>;
  campaign_id: number;
  seq: number;
  title: string;
  description: Generated<string>;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CampaignTaskReportsTable {
  task_id: number;
  region_code: string;
  status: Generated<string>;
  note: Generated<string>;
  updated_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface LeaderPairingsTable {
  id: Generated<number>;
  household_id: number;
  region_code: string;
  leader_name: string;
  leader_title: Generated<string>;
  leader_user_id: number | null;
  started_on: DateColumn;
  ended_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface VisitPlansTable {
  id: Generated<number>;
  campaign_id: number | null;
  region_code: string;
  name: string;
  kind: string;
  filter: Json;
  assignment: Json;
  due_on: DateColumn;
  status: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface VisitTasksTable {
  id: Generated<number>;
  plan_id: number | null;
  kind: string;
  region_code: string;
  household_id: number | null;
  member_id: number | null;
  assignee_id: number | null;
  pairing_id: number | null;
  due_on: DateColumn;
  period: string | null;
  reason: Generated<string>;
  status: Generated<string>;
  visit_id: number | null;
  done_at: Date | null;
  created_at: Timestamp;
}

export interface VisitsTable {
  id: Generated<number>;
  client_id: string;
  task_id: number | null;
  kind: string;
  region_code: string;
  household_id: number | null;
  member_id: number | null;
  visitor_id: number;
  visited_at: ColumnType<Date, Date | string, Date | string>;
  checklist: Json;
  cash_cents: ColumnType<string, number | string | undefined, number | string>;
  goods: Generated<string>;
  companions: Generated<string>;
  latitude: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  longitude: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  outcome: string;
  outcome_detail: Generated<string>;
  note: Generated<string>;
  lead_id: number | null;
  hazard_id: number | null;
  care_plan_id: number | null;
  recorded_offline: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** Kept by triggers on visit_tasks (migration 0010); read-only for the application. */
export interface VisitTaskCountsTable {
  township_code: string;
  due_on: string;
  kind: string;
  plan_id: number;
  open: number;
  done: number;
  cancelled: number;
}

export interface VisitPhotosTable {
  visit_id: number;
  seq: number;
  content_type: string;
  bytes: Uint8Array;
}

export interface VisitsTables {
  campaigns: CampaignsTable;
  campaign_tasks: CampaignTasksTable;
  campaign_task_reports: CampaignTaskReportsTable;
  leader_pairings: LeaderPairingsTable;
  visit_plans: VisitPlansTable;
  visit_tasks: VisitTasksTable;
  visit_task_counts: VisitTaskCountsTable;
  visits: VisitsTable;
  visit_photos: VisitPhotosTable;
}
