-- Dynamic monitoring (C3): rule switches per region, the sweeps that evaluate the warning rules over a county's
-- households, the warnings they raise, and the leads (救助线索) followed up from a warning or a report, with every
-- step of a lead logged.

CREATE TABLE monitoring_rule_settings (
  region_code  varchar(12) NOT NULL,
  rule         text        NOT NULL,
  enabled      boolean     NOT NULL,
  updated_by   integer,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT monitoring_rule_settings_pkey PRIMARY KEY (region_code, rule),
  CONSTRAINT monitoring_rule_settings_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT monitoring_rule_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id)
);
COMMENT ON TABLE monitoring_rule_settings IS '预警规则开关：对某区域及其下级生效，下级另有设置的以下级为准；未设置的规则默认开启';
COMMENT ON COLUMN monitoring_rule_settings.region_code IS '设置所针对的区域（12位区划代码）';
COMMENT ON COLUMN monitoring_rule_settings.rule IS '预警规则（见 domain RULE_KIND）';
COMMENT ON COLUMN monitoring_rule_settings.enabled IS '是否开启';
COMMENT ON COLUMN monitoring_rule_settings.updated_by IS '最后设置人';
COMMENT ON COLUMN monitoring_rule_settings.updated_at IS '最后设置时间（晚于上次完成的监测时，下次增量监测改为全量）';

CREATE TABLE monitoring_sweeps (
  id                 bigint      GENERATED ALWAYS AS IDENTITY,
  region_code        varchar(12) NOT NULL,
  trigger            text        NOT NULL,
  mode               text        NOT NULL,
  status             text        NOT NULL DEFAULT 'queued',
  as_of              date        NOT NULL,
  started_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  households_total   integer     NOT NULL DEFAULT 0,
  households_done    integer     NOT NULL DEFAULT 0,
  last_household_id  bigint      NOT NULL DEFAULT 0,
  raised             integer     NOT NULL DEFAULT 0,
  closed             integer     NOT NULL DEFAULT 0,
  leads_created      integer     NOT NULL DEFAULT 0,
  skipped            jsonb       NOT NULL DEFAULT '{}',
  error              text,
  started_by         integer,
  CONSTRAINT monitoring_sweeps_pkey PRIMARY KEY (id),
  CONSTRAINT monitoring_sweeps_region_code_county CHECK (region_code ~ '^[0-9]{6}000000$' AND region_code !~ '^[0-9]{4}00'),
  CONSTRAINT monitoring_sweeps_trigger_valid CHECK (trigger IN ('scheduled', 'manual', 'import')),
  CONSTRAINT monitoring_sweeps_mode_valid CHECK (mode IN ('full', 'incremental')),
  CONSTRAINT monitoring_sweeps_status_valid CHECK (status IN ('queued', 'running', 'done', 'failed')),
  CONSTRAINT monitoring_sweeps_progress CHECK (households_done >= 0 AND households_total >= 0),
  CONSTRAINT monitoring_sweeps_started_by_fkey FOREIGN KEY (started_by) REFERENCES users (id)
);
CREATE INDEX monitoring_sweeps_region_idx ON monitoring_sweeps (region_code, started_at DESC);
-- One sweep per county at a time: a second request finds this row and is refused (or takes it over when stale).
CREATE UNIQUE INDEX monitoring_sweeps_one_active_key ON monitoring_sweeps (region_code) WHERE status IN ('queued', 'running');
COMMENT ON TABLE monitoring_sweeps IS '监测批次：按县对低收入家庭逐批运行预警规则，记录进度以便中断后续跑';
COMMENT ON COLUMN monitoring_sweeps.id IS '编号';
COMMENT ON COLUMN monitoring_sweeps.region_code IS '监测的县（区、市）12位区划代码';
COMMENT ON COLUMN monitoring_sweeps.trigger IS '触发方式：scheduled 每日定时，manual 手动，import 部门数据导入后';
COMMENT ON COLUMN monitoring_sweeps.mode IS '方式：full 全量，incremental 增量（仅有变化或日期条件跨越阈值的家庭）';
COMMENT ON COLUMN monitoring_sweeps.status IS '状态：queued 排队，running 运行中，done 完成，failed 失败';
COMMENT ON COLUMN monitoring_sweeps.as_of IS '评估日期：年龄、保障类别与政策参数均按此日计算';
COMMENT ON COLUMN monitoring_sweeps.started_at IS '开始时间';
COMMENT ON COLUMN monitoring_sweeps.updated_at IS '最后一次进度更新（长时间未更新的运行中批次视为已中断，可接续）';
COMMENT ON COLUMN monitoring_sweeps.finished_at IS '结束时间';
COMMENT ON COLUMN monitoring_sweeps.households_total IS '需评估的家庭数';
COMMENT ON COLUMN monitoring_sweeps.households_done IS '已评估的家庭数';
COMMENT ON COLUMN monitoring_sweeps.last_household_id IS '已评估的最大家庭编号（按编号顺序分批，中断后由此接续）';
COMMENT ON COLUMN monitoring_sweeps.raised IS '新产生的预警数';
COMMENT ON COLUMN monitoring_sweeps.closed IS '因条件消除而关闭的预警数';
COMMENT ON COLUMN monitoring_sweeps.leads_created IS '由新预警生成的救助线索数';
COMMENT ON COLUMN monitoring_sweeps.skipped IS '未能评估的规则：{规则: {count 家庭数, reason 原因（如 缺少参数：…）}}';
COMMENT ON COLUMN monitoring_sweeps.error IS '失败原因';
COMMENT ON COLUMN monitoring_sweeps.started_by IS '手动发起人（定时任务为空）';

CREATE TABLE warnings (
  id            bigint      GENERATED ALWAYS AS IDENTITY,
  household_id  bigint      NOT NULL,
  member_id     bigint,
  region_code   varchar(12) NOT NULL,
  rule          text        NOT NULL,
  key           text        NOT NULL,
  status        text        NOT NULL DEFAULT 'open',
  reasons       jsonb       NOT NULL DEFAULT '[]',
  trail         jsonb       NOT NULL DEFAULT '[]',
  raised_at     timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz,
  close_reason  text,
  lead_id       bigint,
  sweep_id      bigint,
  CONSTRAINT warnings_pkey PRIMARY KEY (id),
  CONSTRAINT warnings_household_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT warnings_member_fkey FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT warnings_sweep_fkey FOREIGN KEY (sweep_id) REFERENCES monitoring_sweeps (id),
  CONSTRAINT warnings_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT warnings_status_valid CHECK (status IN ('open', 'closed')),
  CONSTRAINT warnings_closed_complete CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- A warning is not raised twice while it is open: the sweep inserts with ON CONFLICT on this index.
CREATE UNIQUE INDEX warnings_open_key ON warnings (key) WHERE status = 'open';
CREATE INDEX warnings_region_idx ON warnings (region_code, status, rule);
CREATE INDEX warnings_household_idx ON warnings (household_id);
CREATE INDEX warnings_raised_idx ON warnings (raised_at);
COMMENT ON TABLE warnings IS '监测预警：规则命中的家庭或成员，附原因与依据；条件消除后由系统复核关闭';
COMMENT ON COLUMN warnings.id IS '编号';
COMMENT ON COLUMN warnings.household_id IS '家庭';
COMMENT ON COLUMN warnings.member_id IS '涉及的成员（家庭层面的预警为空）';
COMMENT ON COLUMN warnings.region_code IS '家庭所在村（社区）区划代码；管辖范围按此判断';
COMMENT ON COLUMN warnings.rule IS '预警规则（见 domain RULE_KIND）';
COMMENT ON COLUMN warnings.key IS '规则命中键（规则:家庭:成员），同一键在开启期间只有一条预警';
COMMENT ON COLUMN warnings.status IS '状态：open 待处理，closed 已关闭';
COMMENT ON COLUMN warnings.reasons IS '预警原因（中文，字符串数组）';
COMMENT ON COLUMN warnings.trail IS '判断依据：所用政策参数及条款 [{text, parameter}]';
COMMENT ON COLUMN warnings.raised_at IS '产生时间';
COMMENT ON COLUMN warnings.updated_at IS '原因或依据最后变化的时间';
COMMENT ON COLUMN warnings.closed_at IS '关闭时间';
COMMENT ON COLUMN warnings.close_reason IS '关闭原因（如 条件已消除（系统复核））';
COMMENT ON COLUMN warnings.lead_id IS '由此预警生成或关联的救助线索';
COMMENT ON COLUMN warnings.sweep_id IS '产生此预警的监测批次';

CREATE TABLE leads (
  id             bigint      GENERATED ALWAYS AS IDENTITY,
  region_code    varchar(12) NOT NULL,
  township_code  varchar(12) NOT NULL,
  household_id   bigint,
  member_id      bigint,
  warning_id     bigint,
  rule           text,
  source         text        NOT NULL,
  person_name    text        NOT NULL,
  phone_enc      bytea,
  phone_hash     bytea,
  phone_masked   text,
  description    text        NOT NULL,
  status         text        NOT NULL DEFAULT 'pending',
  assignee_id    integer,
  contact        jsonb,
  contacted_at   timestamptz,
  outcome        text,
  outcome_note   text,
  referred_to    text,
  outcome_at     timestamptz,
  close_summary  text,
  closed_at      timestamptz,
  due_date       date,
  escalated_at   timestamptz,
  created_by     integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer     NOT NULL DEFAULT 1,
  CONSTRAINT leads_pkey PRIMARY KEY (id),
  CONSTRAINT leads_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT leads_township_code_format CHECK (township_code ~ '^[0-9]{9}000$'),
  CONSTRAINT leads_source_valid CHECK (source IN ('warning', 'hotline', 'visit', 'village', 'public', 'department', 'other')),
  CONSTRAINT leads_status_valid CHECK (status IN ('pending', 'assigned', 'contacted', 'helped_apply', 'ineligible', 'refused', 'referred', 'closed')),
  CONSTRAINT leads_phone_complete CHECK ((phone_enc IS NULL) = (phone_hash IS NULL)),
  CONSTRAINT leads_household_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT leads_member_fkey FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT leads_warning_fkey FOREIGN KEY (warning_id) REFERENCES warnings (id),
  CONSTRAINT leads_assignee_fkey FOREIGN KEY (assignee_id) REFERENCES users (id),
  CONSTRAINT leads_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
ALTER TABLE warnings ADD CONSTRAINT warnings_lead_fkey FOREIGN KEY (lead_id) REFERENCES leads (id);
CREATE INDEX leads_township_idx ON leads (township_code, status);
CREATE INDEX leads_region_idx ON leads (region_code);
CREATE INDEX leads_due_idx ON leads (due_date) WHERE status IN ('pending', 'assigned', 'contacted');
CREATE INDEX leads_household_idx ON leads (household_id);
CREATE INDEX leads_assignee_idx ON leads (assignee_id) WHERE assignee_id IS NOT NULL;
COMMENT ON TABLE leads IS '救助线索：来自系统预警或群众、热线、走访等报告，分派、联系、登记结果、办结（社会救助法第三十九条）';
COMMENT ON COLUMN leads.id IS '编号';
COMMENT ON COLUMN leads.region_code IS '当事人所在村（社区）或乡镇（街道）区划代码；管辖范围按此判断';
COMMENT ON COLUMN leads.township_code IS '负责办理的乡镇（街道）区划代码（所在地代码前9位）';
COMMENT ON COLUMN leads.household_id IS '关联的低收入家庭（未登记的当事人为空）';
COMMENT ON COLUMN leads.member_id IS '关联的家庭成员';
COMMENT ON COLUMN leads.warning_id IS '生成此线索的预警';
COMMENT ON COLUMN leads.rule IS '生成此线索的预警规则';
COMMENT ON COLUMN leads.source IS '来源：warning 系统预警，hotline 救助热线，visit 走访发现，village 村（社区）报告，public 群众反映，department 部门推送，other 其他';
COMMENT ON COLUMN leads.person_name IS '当事人姓名';
COMMENT ON COLUMN leads.phone_enc IS '联系电话密文（AES-256-GCM）';
COMMENT ON COLUMN leads.phone_hash IS '联系电话盲索引';
COMMENT ON COLUMN leads.phone_masked IS '联系电话脱敏形式';
COMMENT ON COLUMN leads.description IS '线索描述';
COMMENT ON COLUMN leads.status IS '状态：pending 待处理，assigned 已分派，contacted 已联系，helped_apply 已协助申请，ineligible 不符合条件，refused 本人拒绝，referred 转介其他部门，closed 已办结';
COMMENT ON COLUMN leads.assignee_id IS '承办人';
COMMENT ON COLUMN leads.contact IS '联系记录：{method, policyExplained, willing, ableToApplyAlone, note}';
COMMENT ON COLUMN leads.contacted_at IS '联系时间';
COMMENT ON COLUMN leads.outcome IS '处理结果：helped_apply、ineligible、refused、referred';
COMMENT ON COLUMN leads.outcome_note IS '处理情况说明';
COMMENT ON COLUMN leads.referred_to IS '转介的部门';
COMMENT ON COLUMN leads.outcome_at IS '登记结果时间';
COMMENT ON COLUMN leads.close_summary IS '办结说明';
COMMENT ON COLUMN leads.closed_at IS '办结时间';
COMMENT ON COLUMN leads.due_date IS '当前环节（联系或办理）的期限，按工作日计；无待办环节为空';
COMMENT ON COLUMN leads.escalated_at IS '当前环节逾期后提请县级督办的时间（进入下一环节时清空，事件表保留记录）';
COMMENT ON COLUMN leads.created_by IS '登记人（系统预警生成为空）';
COMMENT ON COLUMN leads.created_at IS '登记时间';
COMMENT ON COLUMN leads.updated_at IS '最后修改时间';
COMMENT ON COLUMN leads.version IS '版本号：每次操作加一，用于并发修改检查';

CREATE TABLE lead_events (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  lead_id      bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  action       text        NOT NULL,
  from_status  text,
  to_status    text        NOT NULL,
  actor_id     integer,
  at           timestamptz NOT NULL DEFAULT now(),
  detail       jsonb       NOT NULL DEFAULT '{}',
  CONSTRAINT lead_events_pkey PRIMARY KEY (id),
  CONSTRAINT lead_events_action_valid CHECK (action IN ('create', 'assign', 'reassign', 'contact', 'outcome', 'close', 'escalate', 'link_warning')),
  CONSTRAINT lead_events_lead_fkey FOREIGN KEY (lead_id) REFERENCES leads (id),
  CONSTRAINT lead_events_actor_fkey FOREIGN KEY (actor_id) REFERENCES users (id)
);
CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, at);
COMMENT ON TABLE lead_events IS '救助线索的每一步：登记、分派、改派、联系、登记结果、办结、逾期督办、关联新预警';
COMMENT ON COLUMN lead_events.id IS '编号';
COMMENT ON COLUMN lead_events.lead_id IS '线索';
COMMENT ON COLUMN lead_events.region_code IS '线索所在区划（冗余，按管辖范围查询）';
COMMENT ON COLUMN lead_events.action IS '操作：create、assign、reassign、contact、outcome、close、escalate、link_warning';
COMMENT ON COLUMN lead_events.from_status IS '操作前状态（登记时为空）';
COMMENT ON COLUMN lead_events.to_status IS '操作后状态';
COMMENT ON COLUMN lead_events.actor_id IS '操作人（系统操作为空）';
COMMENT ON COLUMN lead_events.at IS '时间';
COMMENT ON COLUMN lead_events.detail IS '操作内容（承办人、联系记录、结果、说明；电话只记脱敏值）';

ALTER TABLE households ADD COLUMN monitored_at timestamptz;
COMMENT ON COLUMN households.monitored_at IS '最近一次被监测批次评估的时间（增量监测据此判断是否需要重新评估）';
