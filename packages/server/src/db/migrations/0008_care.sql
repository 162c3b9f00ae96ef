-- Elderly people in special difficulty (C5) and children in difficulty (C6): the people identified from the registry
-- (or added by staff), their risk tier and its override, major changes, the service ledger, emergency help requests,
-- and children's risk reports with their escalation. Visit tasks and visits live in visit_tasks / visits (0007).

CREATE TABLE care_subjects (
  id                      bigint      GENERATED ALWAYS AS IDENTITY,
  kind                    text        NOT NULL,
  member_id               bigint      NOT NULL,
  household_id            bigint      NOT NULL,
  region_code             varchar(12) NOT NULL,
  computed_tier           text,
  tier_override           text,
  tier                    text,
  override_reason         text,
  override_by             integer,
  override_at             timestamptz,
  reasons                 text[]      NOT NULL DEFAULT '{}',
  categories              text[]      NOT NULL DEFAULT '{}',
  hiv                     boolean     NOT NULL DEFAULT false,
  source                  text        NOT NULL DEFAULT 'registry',
  active                  boolean     NOT NULL DEFAULT true,
  guardian_name           text,
  guardian_relation       text,
  guardian_phone_enc      bytea,
  guardian_phone_hash     bytea,
  guardian_phone_masked   text,
  guardianship            text,
  director_id             integer,
  pairing_helper          text,
  emergency_guardianship  boolean     NOT NULL DEFAULT false,
  emergency_guardianship_on date,
  emergency_guardianship_reason text,
  demo                    boolean     NOT NULL DEFAULT false,
  identified_at           timestamptz NOT NULL DEFAULT now(),
  ended_at                timestamptz,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  version                 integer     NOT NULL DEFAULT 1,
  CONSTRAINT care_subjects_pkey PRIMARY KEY (id),
  CONSTRAINT care_subjects_member_kind_key UNIQUE (member_id, kind),
  CONSTRAINT care_subjects_kind_valid CHECK (kind IN ('elderly', 'child')),
  CONSTRAINT care_subjects_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT care_subjects_tier_valid CHECK (computed_tier IN ('high', 'key', 'general') AND tier_override IN ('high', 'key', 'general') AND tier IN ('high', 'key', 'general')),
  CONSTRAINT care_subjects_tier_kind CHECK ((kind = 'elderly') = (tier IS NOT NULL)),
  CONSTRAINT care_subjects_override_reason CHECK (tier_override IS NULL OR override_reason IS NOT NULL),
  CONSTRAINT care_subjects_source_valid CHECK (source IN ('registry', 'manual')),
  CONSTRAINT care_subjects_guardianship_valid CHECK (guardianship IN ('normal', 'entrusted', 'missing', 'improper')),
  CONSTRAINT care_subjects_phone_complete CHECK ((guardian_phone_enc IS NULL) = (guardian_phone_hash IS NULL)),
  CONSTRAINT care_subjects_emergency_complete CHECK (NOT emergency_guardianship OR (emergency_guardianship_on IS NOT NULL AND emergency_guardianship_reason IS NOT NULL)),
  CONSTRAINT care_subjects_member_id_fkey FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT care_subjects_household_id_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT care_subjects_override_by_fkey FOREIGN KEY (override_by) REFERENCES users (id),
  CONSTRAINT care_subjects_director_id_fkey FOREIGN KEY (director_id) REFERENCES users (id)
);
-- Lists of a region by kind and tier: a range on region_code.
CREATE INDEX care_subjects_region_idx ON care_subjects (kind, region_code) INCLUDE (tier, active);
CREATE INDEX care_subjects_director_idx ON care_subjects (director_id) WHERE director_id IS NOT NULL;
COMMENT ON TABLE care_subjects IS '关爱对象：由低收入人口名册识别（或工作人员添加）的特殊困难老年人和困境儿童，按区域物化以便快速列出';
COMMENT ON COLUMN care_subjects.kind IS '类型：elderly 特殊困难老年人，child 困境儿童';
COMMENT ON COLUMN care_subjects.member_id IS '名册中的人员';
COMMENT ON COLUMN care_subjects.household_id IS '所在家庭（识别时）';
COMMENT ON COLUMN care_subjects.region_code IS '所在村（社区）（12位区划代码）；管辖范围按此判断';
COMMENT ON COLUMN care_subjects.computed_tier IS '按规则识别的风险等级：high 高风险，key 重点，general 一般（规则见 domain care.ts）';
COMMENT ON COLUMN care_subjects.tier_override IS '工作人员调整后的风险等级（为空则按规则）';
COMMENT ON COLUMN care_subjects.tier IS '生效的风险等级（有调整取调整值，否则取识别值），探访频次按此';
COMMENT ON COLUMN care_subjects.override_reason IS '调整风险等级的理由';
COMMENT ON COLUMN care_subjects.override_by IS '调整人';
COMMENT ON COLUMN care_subjects.override_at IS '调整时间';
COMMENT ON COLUMN care_subjects.reasons IS '识别理由（中文，如 独居、高龄（85岁））';
COMMENT ON COLUMN care_subjects.categories IS '儿童类别：orphan 孤儿，de_facto_unsupported 事实无人抚养儿童，left_behind 留守儿童，difficulty 困境儿童';
COMMENT ON COLUMN care_subjects.hiv IS '受艾滋病影响儿童';
COMMENT ON COLUMN care_subjects.source IS '来源：registry 名册识别，manual 工作人员添加（识别不再命中时不自动移出）';
COMMENT ON COLUMN care_subjects.active IS '是否仍为关爱对象（识别不再命中或人员移出名册后为否，记录保留）';
COMMENT ON COLUMN care_subjects.guardian_name IS '监护人姓名';
COMMENT ON COLUMN care_subjects.guardian_relation IS '监护人与儿童关系';
COMMENT ON COLUMN care_subjects.guardian_phone_enc IS '监护人电话密文';
COMMENT ON COLUMN care_subjects.guardian_phone_hash IS '监护人电话盲索引';
COMMENT ON COLUMN care_subjects.guardian_phone_masked IS '监护人电话脱敏形式';
COMMENT ON COLUMN care_subjects.guardianship IS '监护状况：normal 正常，entrusted 委托照料，missing 监护缺失，improper 监护不当';
COMMENT ON COLUMN care_subjects.director_id IS '负责的儿童主任（系统用户）';
COMMENT ON COLUMN care_subjects.pairing_helper IS '结对帮扶人';
COMMENT ON COLUMN care_subjects.emergency_guardianship IS '是否由民政部门兜底监护（临时监护）';
COMMENT ON COLUMN care_subjects.emergency_guardianship_on IS '兜底监护开始日期';
COMMENT ON COLUMN care_subjects.emergency_guardianship_reason IS '兜底监护原因';
COMMENT ON COLUMN care_subjects.demo IS '演示数据';
COMMENT ON COLUMN care_subjects.identified_at IS '首次识别（添加）时间';
COMMENT ON COLUMN care_subjects.ended_at IS '不再为关爱对象的时间';
COMMENT ON COLUMN care_subjects.updated_at IS '最后修改时间';
COMMENT ON COLUMN care_subjects.version IS '乐观锁版本号';

CREATE TABLE care_major_changes (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  subject_id   bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  kind         text        NOT NULL,
  note         text        NOT NULL,
  occurred_on  date        NOT NULL,
  task_id      bigint,
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT care_major_changes_pkey PRIMARY KEY (id),
  CONSTRAINT care_major_changes_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT care_major_changes_kind_valid CHECK (kind IN ('hospitalised', 'widowed', 'living_alone', 'sudden_illness', 'fall', 'disaster', 'other')),
  CONSTRAINT care_major_changes_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES care_subjects (id),
  CONSTRAINT care_major_changes_task_id_fkey FOREIGN KEY (task_id) REFERENCES visit_tasks (id),
  CONSTRAINT care_major_changes_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX care_major_changes_subject_idx ON care_major_changes (subject_id, created_at DESC);
COMMENT ON TABLE care_major_changes IS '重大变化（住院、丧偶、转为独居、突发疾病……）：登记后生成次日到期的探访任务（24小时内探访）';
COMMENT ON COLUMN care_major_changes.subject_id IS '关爱对象';
COMMENT ON COLUMN care_major_changes.region_code IS '所在村（社区）';
COMMENT ON COLUMN care_major_changes.kind IS '变化类型：hospitalised 住院，widowed 丧偶，living_alone 转为独居，sudden_illness 突发疾病，fall 跌倒受伤，disaster 受灾，other 其他';
COMMENT ON COLUMN care_major_changes.note IS '变化情况';
COMMENT ON COLUMN care_major_changes.occurred_on IS '发生日期';
COMMENT ON COLUMN care_major_changes.task_id IS '因此生成的探访任务';
COMMENT ON COLUMN care_major_changes.created_by IS '登记人';
COMMENT ON COLUMN care_major_changes.created_at IS '登记时间';

CREATE TABLE care_ledger_entries (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  subject_id   bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  served_on    date        NOT NULL,
  type         text        NOT NULL,
  content      text        NOT NULL,
  provider     text        NOT NULL,
  demo         boolean     NOT NULL DEFAULT false,
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT care_ledger_entries_pkey PRIMARY KEY (id),
  CONSTRAINT care_ledger_entries_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT care_ledger_entries_type_valid CHECK (type IN ('visit', 'meal', 'bath', 'medical', 'housekeeping', 'comfort', 'emergency', 'care_bed', 'age_friendly', 'other')),
  CONSTRAINT care_ledger_entries_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES care_subjects (id),
  CONSTRAINT care_ledger_entries_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX care_ledger_entries_subject_idx ON care_ledger_entries (subject_id, served_on DESC);
COMMENT ON TABLE care_ledger_entries IS '服务台账：为特殊困难老年人提供的服务（探访记录另见 visits，台账页合并显示）';
COMMENT ON COLUMN care_ledger_entries.subject_id IS '关爱对象';
COMMENT ON COLUMN care_ledger_entries.region_code IS '所在村（社区）';
COMMENT ON COLUMN care_ledger_entries.served_on IS '服务日期';
COMMENT ON COLUMN care_ledger_entries.type IS '服务类型：visit 探访，meal 助餐，bath 助浴，medical 助医，housekeeping 家政，comfort 心理慰藉，emergency 紧急救援，care_bed 家庭养老床位，age_friendly 适老化改造，other 其他';
COMMENT ON COLUMN care_ledger_entries.content IS '服务内容';
COMMENT ON COLUMN care_ledger_entries.provider IS '服务提供方（机构或人员）';
COMMENT ON COLUMN care_ledger_entries.demo IS '演示数据';
COMMENT ON COLUMN care_ledger_entries.created_by IS '登记人';
COMMENT ON COLUMN care_ledger_entries.created_at IS '登记时间';

CREATE TABLE care_help_requests (
  id            bigint      GENERATED ALWAYS AS IDENTITY,
  subject_id    bigint      NOT NULL,
  region_code   varchar(12) NOT NULL,
  requested_at  timestamptz NOT NULL,
  channel       text        NOT NULL,
  description   text        NOT NULL,
  response      text        NOT NULL DEFAULT '',
  responder     text        NOT NULL DEFAULT '',
  status        text        NOT NULL DEFAULT 'pending',
  responded_at  timestamptz,
  closed_at     timestamptz,
  demo          boolean     NOT NULL DEFAULT false,
  created_by    integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  version       integer     NOT NULL DEFAULT 1,
  CONSTRAINT care_help_requests_pkey PRIMARY KEY (id),
  CONSTRAINT care_help_requests_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT care_help_requests_channel_valid CHECK (channel IN ('phone', 'pager', 'neighbour', 'visit')),
  CONSTRAINT care_help_requests_status_valid CHECK (status IN ('pending', 'responded', 'closed')),
  CONSTRAINT care_help_requests_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES care_subjects (id),
  CONSTRAINT care_help_requests_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX care_help_requests_region_idx ON care_help_requests (region_code, status);
CREATE INDEX care_help_requests_subject_idx ON care_help_requests (subject_id);
COMMENT ON TABLE care_help_requests IS '紧急求助：老年人通过电话、呼叫器、邻居报告或走访发现的求助，及其响应与办结';
COMMENT ON COLUMN care_help_requests.subject_id IS '求助的关爱对象';
COMMENT ON COLUMN care_help_requests.region_code IS '所在村（社区）';
COMMENT ON COLUMN care_help_requests.requested_at IS '求助时间';
COMMENT ON COLUMN care_help_requests.channel IS '求助渠道：phone 电话，pager 呼叫器，neighbour 邻居报告，visit 走访发现';
COMMENT ON COLUMN care_help_requests.description IS '求助事由';
COMMENT ON COLUMN care_help_requests.response IS '响应与处置情况';
COMMENT ON COLUMN care_help_requests.responder IS '响应人';
COMMENT ON COLUMN care_help_requests.status IS '状态：pending 待响应，responded 已响应，closed 已办结';
COMMENT ON COLUMN care_help_requests.responded_at IS '响应时间（响应时长 = 响应时间 − 求助时间）';
COMMENT ON COLUMN care_help_requests.closed_at IS '办结时间';
COMMENT ON COLUMN care_help_requests.demo IS '演示数据';
COMMENT ON COLUMN care_help_requests.created_by IS '登记人';
COMMENT ON COLUMN care_help_requests.created_at IS '登记时间';
COMMENT ON COLUMN care_help_requests.version IS '乐观锁版本号';

CREATE TABLE child_risk_reports (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  subject_id   bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  area         text        NOT NULL,
  level        text        NOT NULL,
  description  text        NOT NULL,
  status       text        NOT NULL DEFAULT 'reported',
  demo         boolean     NOT NULL DEFAULT false,
  reported_by  integer,
  reported_at  timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer     NOT NULL DEFAULT 1,
  CONSTRAINT child_risk_reports_pkey PRIMARY KEY (id),
  CONSTRAINT child_risk_reports_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT child_risk_reports_area_valid CHECK (area IN ('living', 'medical', 'education', 'psychological', 'guardianship')),
  CONSTRAINT child_risk_reports_level_valid CHECK (level IN ('low', 'medium', 'high')),
  CONSTRAINT child_risk_reports_status_valid CHECK (status IN ('reported', 'township_received', 'county_reported', 'resolved')),
  CONSTRAINT child_risk_reports_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES care_subjects (id),
  CONSTRAINT child_risk_reports_reported_by_fkey FOREIGN KEY (reported_by) REFERENCES users (id)
);
CREATE INDEX child_risk_reports_region_idx ON child_risk_reports (region_code, status);
CREATE INDEX child_risk_reports_subject_idx ON child_risk_reports (subject_id);
COMMENT ON TABLE child_risk_reports IS '困境儿童风险报告：生活保障、医疗、教育、心理、监护方面的风险，由儿童主任报告，乡镇接收、上报县级、处置';
COMMENT ON COLUMN child_risk_reports.subject_id IS '儿童（关爱对象）';
COMMENT ON COLUMN child_risk_reports.region_code IS '儿童所在村（社区）';
COMMENT ON COLUMN child_risk_reports.area IS '方面：living 生活保障，medical 医疗，education 教育，psychological 心理，guardianship 监护';
COMMENT ON COLUMN child_risk_reports.level IS '风险程度：low 一般，medium 较重，high 严重';
COMMENT ON COLUMN child_risk_reports.description IS '风险情况';
COMMENT ON COLUMN child_risk_reports.status IS '状态：reported 已报告，township_received 乡镇已接收，county_reported 已上报县级，resolved 已处置';
COMMENT ON COLUMN child_risk_reports.demo IS '演示数据';
COMMENT ON COLUMN child_risk_reports.reported_by IS '报告人';
COMMENT ON COLUMN child_risk_reports.reported_at IS '报告时间';
COMMENT ON COLUMN child_risk_reports.updated_at IS '最后处理时间';
COMMENT ON COLUMN child_risk_reports.version IS '乐观锁版本号';

CREATE TABLE child_risk_events (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  report_id    bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  from_status  text,
  to_status    text        NOT NULL,
  note         text        NOT NULL DEFAULT '',
  actor_id     integer,
  at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT child_risk_events_pkey PRIMARY KEY (id),
  CONSTRAINT child_risk_events_report_id_fkey FOREIGN KEY (report_id) REFERENCES child_risk_reports (id),
  CONSTRAINT child_risk_events_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id)
);
CREATE INDEX child_risk_events_report_idx ON child_risk_events (report_id, at);
COMMENT ON TABLE child_risk_events IS '风险报告的办理记录：每一步（报告、接收、上报、处置）一行';
COMMENT ON COLUMN child_risk_events.report_id IS '风险报告';
COMMENT ON COLUMN child_risk_events.region_code IS '儿童所在村（社区）';
COMMENT ON COLUMN child_risk_events.from_status IS '原状态';
COMMENT ON COLUMN child_risk_events.to_status IS '新状态';
COMMENT ON COLUMN child_risk_events.note IS '办理意见';
COMMENT ON COLUMN child_risk_events.actor_id IS '办理人';
COMMENT ON COLUMN child_risk_events.at IS '时间';
