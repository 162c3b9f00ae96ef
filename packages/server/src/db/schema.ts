import type { ColumnType, Generated } from 'kysely';

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

export interface DB {
  schema_migrations: SchemaMigrationsTable;
  region_datasets: RegionDatasetsTable;
  regions: RegionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  policy_parameters: PolicyParametersTable;
}
