import type { ColumnType, Generated } from 'kysely';
import type { CareTables } from './schema/care.js';
import type { HazardsTables } from './schema/hazards.js';
import type { VisitsTables } from './schema/visits.js';

/** Row types of the tables in migrations/*.sql. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface RegionDatasetsTable {
  data_year: number;
  source: string;
  region_filter: Generated<string>;
  counts: Json;
  loaded_at: Generated<Date>;
}

export interface RegionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  initials: string;
  data_year: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  region_code: string;
  phone: string | null;
  password_hash: string;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: Generated<Date>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
  last_seen_at: Timestamp;
  client_address: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  user_id: number | null;
  username: string | null;
  role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  region_code: string | null;
  before: Json;
  after: Json;
  reason: string | null;
  client_address: string | null;
}

export interface PolicyParametersTable {
  id: Generated<number>;
  region_code: string;
  key: string;
  /** numeric comes back as a string on both engines */
  value: ColumnType<string, number | string, number | string>;
  valid_from: string;
  valid_to: string | null;
  source: string;
  demo: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface WorkCalendarYearsTable {
  year: number;
  source: string;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface WorkCalendarDaysTable {
  day: string;
  kind: string;
  name: string;
}

type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
/** jsonb written as a JSON string, read back parsed. */
type JsonDoc<T> = ColumnType<T, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface KeyFingerprintsTable {
  purpose: string;
  fingerprint: string;
  created_at: Generated<Date>;
}

export interface HouseholdsTable {
  id: Generated<number>;
  region_code: string;
  urban_rural: string;
  hukou_address: string;
  residence_address: string;
  head_name: Generated<string>;
  head_id_masked: Generated<string>;
  poverty_reasons: TextArray;
  categories: JsonDoc<unknown>;
  category_kinds: TextArray;
  assistance: JsonDoc<unknown>;
  person_categories: TextArray;
  cash_deposits_fen: Generated<number>;
  housing: JsonDoc<unknown>;
  vehicles: JsonDoc<unknown>;
  other_assets: Generated<string>;
  needs: Generated<string>;
  surveyed_by: Generated<string>;
  surveyed_on: string | null;
  member_count: Generated<number>;
  yearly_income_fen: Generated<number>;
  income_per_head_fen: Generated<number>;
  member_tags: TextArray;
  import_batch_id: number | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  /** Set when another department's data brought a new fact (0005). */
  facts_changed_at: Date | null;
}

/** What the monitoring sweep knows of a household (0012, 0013): kept by triggers and by the sweep. */
export interface HouseholdMonitoringTable {
  household_id: number;
  region_code: string;
  changed_at: Generated<Date>;
  monitored_at: Date | null;
  /** The transaction that last wrote the household or a member (0013; xid8 as text). */
  changed_xact: string | null;
  /** The oldest transaction running when the last evaluation read the household: to evaluate again when changed_xact >= it. */
  monitored_xmin: string | null;
  /** The first day on which the household's evaluation may change by the calendar alone. */
  recheck_on: string | null;
}

export interface MembersTable {
  id: Generated<number>;
  household_id: number;
  region_code: string;
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  relation: string;
  id_number_enc: Bytes;
  id_number_hash: Bytes;
  id_number_masked: string;
  gender: string;
  birth_date: string;
  health: Generated<string>;
  disability_type: string | null;
  disability_grade: number | null;
  work_ability: Generated<string>;
  self_care: Generated<string>;
  school_or_employer: Generated<string>;
  yearly_income_fen: Generated<number>;
  pension_fen: Generated<number>;
  pension_insurance: Generated<string>;
  medical_insurance: Generated<string>;
  phone_enc: Bytes | null;
  phone_hash: Bytes | null;
  phone_masked: string | null;
  tags: TextArray;
  removed_at: Date | null;
  removal_reason: string | null;
  removal_note: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface HouseholdHistoryTable {
  id: Generated<number>;
  household_id: number;
  region_code: string;
  at: Generated<Date>;
  actor_id: number | null;
  source: string;
  summary: string;
  changes: JsonDoc<unknown>;
}

export interface MemberTransfersTable {
  id: Generated<number>;
  member_id: number;
  from_household_id: number;
  from_region_code: string;
  to_household_id: number;
  to_region_code: string;
  relation: string;
  reason: string;
  status: Generated<string>;
  requested_by: number;
  requested_at: Generated<Date>;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
}

export interface DuplicateReviewsTable {
  id: Generated<number>;
  member_a: number;
  member_b: number;
  region_code: string;
  reason: string;
  decision: string;
  note: Generated<string>;
  reviewed_by: number;
  reviewed_at: Generated<Date>;
  revoked_by: number | null;
  revoked_at: Date | null;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  region_code: string | null;
  file_name: string;
  file_sha256: string;
  format: string;
  file_data: Bytes | null;
  status: Generated<string>;
  mode: string | null;
  total_rows: Generated<number>;
  valid_rows: Generated<number>;
  error_rows: Generated<number>;
  warning_rows: Generated<number>;
  errors: JsonDoc<unknown>;
  processed_rows: Generated<number>;
  created_households: Generated<number>;
  created_members: Generated<number>;
  updated_members: Generated<number>;
  unchanged_rows: Generated<number>;
  message: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  committed_at: Date | null;
}

export interface DepartmentBatchesTable {
  id: Generated<number>;
  source: string;
  region_code: string;
  file_name: string;
  file_sha256: string;
  status: Generated<string>;
  total_rows: Generated<number>;
  valid_rows: Generated<number>;
  matched_rows: Generated<number>;
  unmatched_rows: Generated<number>;
  error_rows: Generated<number>;
  duplicate_rows: Generated<number>;
  known_rows: Generated<number>;
  stored_facts: number | null;
  affected_households: Generated<number>;
  affected_counties: TextArray;
  issues: JsonDoc<unknown>;
  unmatched: JsonDoc<unknown>;
  message: Generated<string>;
  file_data: Bytes | null;
  created_by: number | null;
  created_at: Generated<Date>;
  committed_at: Date | null;
}

export interface DepartmentFactsTable {
  id: Generated<number>;
  batch_id: number | null;
  source: string;
  member_id: number;
  household_id: number;
  region_code: string;
  fact_date: string;
  amount_fen: number | null;
  detail: JsonDoc<unknown>;
  fingerprint: Bytes;
  created_at: Generated<Date>;
}

export interface MonitoringRuleSettingsTable {
  region_code: string;
  rule: string;
  enabled: boolean;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface MonitoringSweepsTable {
  id: Generated<number>;
  region_code: string;
  trigger: string;
  mode: string;
  status: Generated<string>;
  as_of: string;
  started_at: Generated<Date>;
  updated_at: Timestamp;
  finished_at: Date | null;
  households_total: Generated<number>;
  households_done: Generated<number>;
  last_household_id: Generated<number>;
  raised: Generated<number>;
  closed: Generated<number>;
  leads_created: Generated<number>;
  skipped: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  started_by: number | null;
}

export interface WarningsTable {
  id: Generated<number>;
  household_id: number;
  member_id: number | null;
  region_code: string;
  rule: string;
  key: string;
  status: Generated<string>;
  reasons: JsonDoc<unknown>;
  trail: JsonDoc<unknown>;
  raised_at: Generated<Date>;
  updated_at: Timestamp;
  closed_at: Date | null;
  close_reason: string | null;
  lead_id: number | null;
  sweep_id: number | null;
  /** Fingerprint of reasons and trail, compared by the sweep instead of the documents (0012). */
  digest: string | null;
}

export interface LeadsTable {
  id: Generated<number>;
  region_code: string;
  township_code: string;
  household_id: number | null;
  member_id: number | null;
  warning_id: number | null;
  rule: string | null;
  source: string;
  person_name: string;
  phone_enc: Bytes | null;
  phone_hash: Bytes | null;
  phone_masked: string | null;
  description: string;
  status: Generated<string>;
  assignee_id: number | null;
  contact: ColumnType<unknown, string | null | undefined, string | null>;
  contacted_at: Date | null;
  outcome: string | null;
  outcome_note: string | null;
  referred_to: string | null;
  outcome_at: Date | null;
  close_summary: string | null;
  closed_at: Date | null;
  due_date: string | null;
  escalated_at: Date | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface LeadEventsTable {
  id: Generated<number>;
  lead_id: number;
  region_code: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  at: Timestamp;
  detail: ColumnType<unknown, string | undefined, string>;
}

export interface DB extends VisitsTables, CareTables, HazardsTables {
  schema_migrations: SchemaMigrationsTable;
  region_datasets: RegionDatasetsTable;
  regions: RegionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  policy_parameters: PolicyParametersTable;
  work_calendar_years: WorkCalendarYearsTable;
  work_calendar_days: WorkCalendarDaysTable;
  key_fingerprints: KeyFingerprintsTable;
  households: HouseholdsTable;
  household_monitoring: HouseholdMonitoringTable;
  members: MembersTable;
  household_history: HouseholdHistoryTable;
  member_transfers: MemberTransfersTable;
  duplicate_reviews: DuplicateReviewsTable;
  import_batches: ImportBatchesTable;
  monitoring_rule_settings: MonitoringRuleSettingsTable;
  monitoring_sweeps: MonitoringSweepsTable;
  warnings: WarningsTable;
  leads: LeadsTable;
  lead_events: LeadEventsTable;
  department_batches: DepartmentBatchesTable;
  department_facts: DepartmentFactsTable;
}
