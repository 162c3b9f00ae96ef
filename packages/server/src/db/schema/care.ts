import type { ColumnType, Generated } from 'kysely';

/** Row types of migrations/0008_care.sql. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
type DateColumn = ColumnType<string, string, string>;

export interface CareSubjectsTable {
  id: Generated<number>;
  kind: string;
  member_id: number;
  household_id: number;
  region_code: string;
  computed_tier: string | null;
  tier_override: string | null;
  tier: string | null;
  override_reason: string | null;
  override_by: number | null;
  override_at: Date | null;
  reasons: ColumnType<string[], string[] | undefined, string[]>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  hiv: Generated<boolean>;
  source: Generated<string>;
  active: Generated<boolean>;
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_phone_enc: Buffer | null;
  guardian_phone_hash: Buffer | null;
  guardian_phone_masked: string | null;
  guardianship: string | null;
  director_id: number | null;
  pairing_helper: string | null;
  emergency_guardianship: Generated<boolean>;
  emergency_guardianship_on: NullableDate;
  emergency_guardianship_reason: string | null;
  demo: Generated<boolean>;
  identified_at: Timestamp;
  ended_at: Date | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CareMajorChangesTable {
  id: Generated<number>;
  subject_id: number;
  region_code: string;
  kind: string;
  note: string;
  occurred_on: DateColumn;
  task_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CareLedgerEntriesTable {
  id: Generated<number>;
  subject_id: number;
  region_code: string;
  served_on: DateColumn;
  type: string;
  content: string;
  provider: string;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CareHelpRequestsTable {
  id: Generated<number>;
  subject_id: number;
  region_code: string;
  requested_at: ColumnType<Date, Date | string, Date | string>;
  channel: string;
  description: string;
  response: Generated<string>;
  responder: Generated<string>;
  status: Generated<string>;
  responded_at: Date | null;
  closed_at: Date | null;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface ChildRiskReportsTable {
  id: Generated<number>;
  subject_id: number;
  region_code: string;
  area: string;
  level: string;
  description: string;
  status: Generated<string>;
  demo: Generated<boolean>;
  reported_by: number | null;
  reported_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ChildRiskEventsTable {
  id: Generated<number>;
  report_id: number;
  region_code: string;
  from_status: string | null;
  to_status: string;
  note: Generated<string>;
  actor_id: number | null;
  at: Timestamp;
}

export interface CareTables {
  care_subjects: CareSubjectsTable;
  care_major_changes: CareMajorChangesTable;
  care_ledger_entries: CareLedgerEntriesTable;
  care_help_requests: CareHelpRequestsTable;
  child_risk_reports: ChildRiskReportsTable;
  child_risk_events: ChildRiskEventsTable;
}
