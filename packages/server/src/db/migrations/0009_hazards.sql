-- Safety hazards (C7): institutions and their safety inspections with the rescue stations' 五个清单, hazards found
-- during visits, inspections or reported otherwise, rectified by an owner before a deadline and closed only after a
-- verification by someone else; weather warnings that trigger extra visits and notify the region's workers; the
-- users' notifications; and 一人一策 plans for complex cases.

CREATE TABLE institutions (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  region_code  varchar(12) NOT NULL,
  type         text        NOT NULL,
  name         text        NOT NULL,
  demo         boolean     NOT NULL DEFAULT false,
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT institutions_pkey PRIMARY KEY (id),
  CONSTRAINT institutions_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT institutions_type_valid CHECK (type IN ('elderly_care', 'child_welfare', 'rescue_station', 'other')),
  CONSTRAINT institutions_name_key UNIQUE (region_code, name),
  CONSTRAINT institutions_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
COMMENT ON TABLE institutions IS '民政服务机构：养老机构、儿童福利机构、救助管理站等，安全检查和隐患的对象';
COMMENT ON COLUMN institutions.id IS '编号';
COMMENT ON COLUMN institutions.region_code IS '机构所在区域（12位区划代码）';
COMMENT ON COLUMN institutions.type IS '类型：elderly_care 养老机构，child_welfare 儿童福利机构，rescue_station 救助管理站，other 其他';
COMMENT ON COLUMN institutions.name IS '机构名称（同一区域内唯一）';
COMMENT ON COLUMN institutions.demo IS '演示数据';
COMMENT ON COLUMN institutions.created_by IS '登记人';
COMMENT ON COLUMN institutions.created_at IS '登记时间';

CREATE TABLE inspections (
  id              bigint      GENERATED ALWAYS AS IDENTITY,
  institution_id  bigint      NOT NULL,
  region_code     varchar(12) NOT NULL,
  inspected_on    date        NOT NULL,
  inspectors      text        NOT NULL,
  note            text        NOT NULL DEFAULT '',
  items_total     integer     NOT NULL,
  items_failed    integer     NOT NULL,
  created_by      integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inspections_pkey PRIMARY KEY (id),
  CONSTRAINT inspections_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT inspections_counts_valid CHECK (items_failed >= 0 AND items_failed <= items_total),
  CONSTRAINT inspections_institution_id_fkey FOREIGN KEY (institution_id) REFERENCES institutions (id),
  CONSTRAINT inspections_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX inspections_region_code_idx ON inspections (region_code, inspected_on);
CREATE INDEX inspections_institution_id_idx ON inspections (institution_id);
COMMENT ON TABLE inspections IS '机构安全检查：按“五个清单”（责任、检查、风险、整改、标准清单）逐项检查，不合格项生成隐患整改单';
COMMENT ON COLUMN inspections.id IS '编号';
COMMENT ON COLUMN inspections.institution_id IS '被检查机构';
COMMENT ON COLUMN inspections.region_code IS '机构所在区域（冗余，按管辖范围查询）';
COMMENT ON COLUMN inspections.inspected_on IS '检查日期';
COMMENT ON COLUMN inspections.inspectors IS '检查人员';
COMMENT ON COLUMN inspections.note IS '检查情况说明';
COMMENT ON COLUMN inspections.items_total IS '检查项数';
COMMENT ON COLUMN inspections.items_failed IS '不合格项数';
COMMENT ON COLUMN inspections.created_by IS '录入人';
COMMENT ON COLUMN inspections.created_at IS '录入时间';

CREATE TABLE inspection_items (
  inspection_id  bigint  NOT NULL,
  seq            integer NOT NULL,
  list           text    NOT NULL,
  item_key       text,
  label          text    NOT NULL,
  category       text    NOT NULL,
  passed         boolean NOT NULL,
  note           text    NOT NULL DEFAULT '',
  hazard_id      bigint,
  CONSTRAINT inspection_items_pkey PRIMARY KEY (inspection_id, seq),
  CONSTRAINT inspection_items_list_valid CHECK (list IN ('responsibility', 'inspection', 'risk', 'rectification', 'standard')),
  CONSTRAINT inspection_items_category_valid CHECK (category IN ('electricity', 'gas', 'fire_use', 'building', 'fire_safety', 'food', 'other')),
  CONSTRAINT inspection_items_failed_note CHECK (passed OR note <> ''),
  CONSTRAINT inspection_items_inspection_id_fkey FOREIGN KEY (inspection_id) REFERENCES inspections (id)
);
COMMENT ON TABLE inspection_items IS '检查项：所属清单、检查内容、是否合格、情况说明；不合格项关联其生成的隐患';
COMMENT ON COLUMN inspection_items.inspection_id IS '所属检查';
COMMENT ON COLUMN inspection_items.seq IS '序号';
COMMENT ON COLUMN inspection_items.list IS '所属清单：responsibility 责任清单，inspection 检查清单，risk 风险清单，rectification 整改清单，standard 标准清单';
COMMENT ON COLUMN inspection_items.item_key IS '默认检查项的代码（见 domain hazards.ts；自定义项为空）';
COMMENT ON COLUMN inspection_items.label IS '检查内容';
COMMENT ON COLUMN inspection_items.category IS '隐患类别（不合格时生成的隐患类别），同 hazards.category';
COMMENT ON COLUMN inspection_items.passed IS '是否合格';
COMMENT ON COLUMN inspection_items.note IS '情况说明（不合格必填）';
COMMENT ON COLUMN inspection_items.hazard_id IS '不合格项生成的隐患';

CREATE TABLE hazards (
  id                   bigint      GENERATED ALWAYS AS IDENTITY,
  region_code          varchar(12) NOT NULL,
  source               text        NOT NULL,
  visit_id             bigint,
  household_id         bigint,
  institution_id       bigint,
  inspection_id        bigint,
  category             text        NOT NULL,
  severity             text        NOT NULL,
  description          text        NOT NULL,
  owner_name           text        NOT NULL,
  owner_user_id        integer,
  deadline             date        NOT NULL,
  status               text        NOT NULL DEFAULT 'pending',
  rectification        text,
  rectified_by         integer,
  rectified_at         timestamptz,
  verified_by          integer,
  verified_at          timestamptz,
  verification_note    text,
  closed_at            timestamptz,
  demo                 boolean     NOT NULL DEFAULT false,
  created_by           integer,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer     NOT NULL DEFAULT 1,
  CONSTRAINT hazards_pkey PRIMARY KEY (id),
  CONSTRAINT hazards_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT hazards_source_valid CHECK (source IN ('visit', 'inspection', 'other')),
  CONSTRAINT hazards_category_valid CHECK (category IN ('electricity', 'gas', 'fire_use', 'building', 'fire_safety', 'food', 'other')),
  CONSTRAINT hazards_severity_valid CHECK (severity IN ('general', 'major', 'serious')),
  CONSTRAINT hazards_status_valid CHECK (status IN ('pending', 'rectifying', 'awaiting_verification', 'closed')),
  CONSTRAINT hazards_place CHECK (household_id IS NOT NULL OR institution_id IS NOT NULL OR source = 'other'),
  CONSTRAINT hazards_verifier_not_rectifier CHECK (status <> 'closed' OR (verified_by IS NOT NULL AND verified_by IS DISTINCT FROM rectified_by)),
  CONSTRAINT hazards_visit_id_fkey FOREIGN KEY (visit_id) REFERENCES visits (id),
  CONSTRAINT hazards_household_id_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT hazards_institution_id_fkey FOREIGN KEY (institution_id) REFERENCES institutions (id),
  CONSTRAINT hazards_inspection_id_fkey FOREIGN KEY (inspection_id) REFERENCES inspections (id),
  CONSTRAINT hazards_owner_user_id_fkey FOREIGN KEY (owner_user_id) REFERENCES users (id),
  CONSTRAINT hazards_rectified_by_fkey FOREIGN KEY (rectified_by) REFERENCES users (id),
  CONSTRAINT hazards_verified_by_fkey FOREIGN KEY (verified_by) REFERENCES users (id),
  CONSTRAINT hazards_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX hazards_region_status_idx ON hazards (region_code, status) INCLUDE (deadline);
CREATE INDEX hazards_household_id_idx ON hazards (household_id);
CREATE INDEX hazards_visit_id_idx ON hazards (visit_id);
CREATE INDEX hazards_inspection_id_idx ON hazards (inspection_id);
ALTER TABLE inspection_items ADD CONSTRAINT inspection_items_hazard_id_fkey FOREIGN KEY (hazard_id) REFERENCES hazards (id);
COMMENT ON TABLE hazards IS '安全隐患整改单：来源、所在家庭或机构、类别、等级、责任人、整改期限；待整改→整改中→待验收→已销号，销号须由整改人以外的有验收权限的人员验收';
COMMENT ON COLUMN hazards.id IS '编号';
COMMENT ON COLUMN hazards.region_code IS '隐患所在区域（家庭所在村（社区）或机构所在区域，12位区划代码）';
COMMENT ON COLUMN hazards.source IS '来源：visit 走访发现，inspection 机构检查，other 其他报告';
COMMENT ON COLUMN hazards.visit_id IS '发现隐患的走访记录';
COMMENT ON COLUMN hazards.household_id IS '隐患所在家庭';
COMMENT ON COLUMN hazards.institution_id IS '隐患所在机构';
COMMENT ON COLUMN hazards.inspection_id IS '发现隐患的机构检查';
COMMENT ON COLUMN hazards.category IS '类别：electricity 用电，gas 用气，fire_use 用火，building 房屋，fire_safety 消防，food 食品，other 其他';
COMMENT ON COLUMN hazards.severity IS '等级：general 一般，major 较大，serious 重大（决定默认整改期限）';
COMMENT ON COLUMN hazards.description IS '隐患描述';
COMMENT ON COLUMN hazards.owner_name IS '整改责任人姓名';
COMMENT ON COLUMN hazards.owner_user_id IS '整改责任人的系统账号（有账号时）';
COMMENT ON COLUMN hazards.deadline IS '整改期限（过期未销号即逾期）';
COMMENT ON COLUMN hazards.status IS '状态：pending 待整改，rectifying 整改中，awaiting_verification 待验收，closed 已销号';
COMMENT ON COLUMN hazards.rectification IS '整改情况（最近一次提交验收的说明）';
COMMENT ON COLUMN hazards.rectified_by IS '提交整改的人';
COMMENT ON COLUMN hazards.rectified_at IS '提交整改的时间';
COMMENT ON COLUMN hazards.verified_by IS '验收人（不得为整改人）';
COMMENT ON COLUMN hazards.verified_at IS '验收时间';
COMMENT ON COLUMN hazards.verification_note IS '验收意见（未通过时为原因）';
COMMENT ON COLUMN hazards.closed_at IS '销号时间';
COMMENT ON COLUMN hazards.demo IS '演示数据';
COMMENT ON COLUMN hazards.created_by IS '登记人';
COMMENT ON COLUMN hazards.created_at IS '登记时间';
COMMENT ON COLUMN hazards.updated_at IS '最后修改时间';
COMMENT ON COLUMN hazards.version IS '乐观锁版本号';

CREATE TABLE hazard_photos (
  id            bigint      GENERATED ALWAYS AS IDENTITY,
  hazard_id     bigint      NOT NULL,
  content_type  text        NOT NULL,
  bytes         bytea       NOT NULL,
  uploaded_by   integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT hazard_photos_pkey PRIMARY KEY (id),
  CONSTRAINT hazard_photos_content_type_valid CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  CONSTRAINT hazard_photos_size CHECK (octet_length(bytes) <= 2097152),
  CONSTRAINT hazard_photos_hazard_id_fkey FOREIGN KEY (hazard_id) REFERENCES hazards (id),
  CONSTRAINT hazard_photos_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES users (id)
);
CREATE INDEX hazard_photos_hazard_id_idx ON hazard_photos (hazard_id);
COMMENT ON TABLE hazard_photos IS '整改照片（提交整改时上传，单张不超过 2 MB）';
COMMENT ON COLUMN hazard_photos.id IS '编号';
COMMENT ON COLUMN hazard_photos.hazard_id IS '所属隐患';
COMMENT ON COLUMN hazard_photos.content_type IS '图片类型';
COMMENT ON COLUMN hazard_photos.bytes IS '图片内容';
COMMENT ON COLUMN hazard_photos.uploaded_by IS '上传人';
COMMENT ON COLUMN hazard_photos.created_at IS '上传时间';

CREATE TABLE hazard_events (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  hazard_id    bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  action       text        NOT NULL,
  from_status  text,
  to_status    text        NOT NULL,
  actor_id     integer,
  at           timestamptz NOT NULL DEFAULT now(),
  detail       jsonb       NOT NULL DEFAULT '{}',
  CONSTRAINT hazard_events_pkey PRIMARY KEY (id),
  CONSTRAINT hazard_events_action_valid CHECK (action IN ('create', 'edit', 'start', 'rectify', 'verify_pass', 'verify_fail')),
  CONSTRAINT hazard_events_hazard_id_fkey FOREIGN KEY (hazard_id) REFERENCES hazards (id),
  CONSTRAINT hazard_events_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id)
);
CREATE INDEX hazard_events_hazard_idx ON hazard_events (hazard_id, at);
COMMENT ON TABLE hazard_events IS '隐患整改的每一步：登记、修改（类别、等级、责任人、期限）、开始整改、提交验收、验收通过（销号）、验收不通过（退回整改）';
COMMENT ON COLUMN hazard_events.id IS '编号';
COMMENT ON COLUMN hazard_events.hazard_id IS '隐患';
COMMENT ON COLUMN hazard_events.region_code IS '隐患所在区域（冗余）';
COMMENT ON COLUMN hazard_events.action IS '操作：create、edit、start、rectify、verify_pass、verify_fail';
COMMENT ON COLUMN hazard_events.from_status IS '操作前状态（登记时为空）';
COMMENT ON COLUMN hazard_events.to_status IS '操作后状态';
COMMENT ON COLUMN hazard_events.actor_id IS '操作人';
COMMENT ON COLUMN hazard_events.at IS '时间';
COMMENT ON COLUMN hazard_events.detail IS '操作内容（整改说明、照片、验收意见、退回原因）';

CREATE TABLE weather_warnings (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  region_code  varchar(12) NOT NULL,
  kind         text        NOT NULL,
  level        text        NOT NULL,
  starts_on    date        NOT NULL,
  ends_on      date        NOT NULL,
  source       text        NOT NULL DEFAULT '',
  text         text        NOT NULL DEFAULT '',
  visits_created integer   NOT NULL DEFAULT 0,
  notified     integer     NOT NULL DEFAULT 0,
  demo         boolean     NOT NULL DEFAULT false,
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT weather_warnings_pkey PRIMARY KEY (id),
  CONSTRAINT weather_warnings_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT weather_warnings_kind_valid CHECK (kind IN ('cold_wave', 'freezing', 'temperature_drop', 'blizzard', 'gale')),
  CONSTRAINT weather_warnings_level_valid CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
  CONSTRAINT weather_warnings_period_valid CHECK (ends_on >= starts_on),
  CONSTRAINT weather_warnings_once UNIQUE (region_code, kind, starts_on),
  CONSTRAINT weather_warnings_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX weather_warnings_region_idx ON weather_warnings (region_code, ends_on);
COMMENT ON TABLE weather_warnings IS '天气预警（寒潮、冰冻雨雪、气温骤降等）：登记时为区域内高风险老年人生成加密探访任务，并通知区域内的走访人员；同一区域同类预警同一开始日期只登记一次';
COMMENT ON COLUMN weather_warnings.id IS '编号';
COMMENT ON COLUMN weather_warnings.region_code IS '预警覆盖区域（12位区划代码）';
COMMENT ON COLUMN weather_warnings.kind IS '类型：cold_wave 寒潮，freezing 冰冻雨雪，temperature_drop 气温骤降，blizzard 暴雪，gale 大风';
COMMENT ON COLUMN weather_warnings.level IS '等级：blue 蓝色，yellow 黄色，orange 橙色，red 红色';
COMMENT ON COLUMN weather_warnings.starts_on IS '开始日期';
COMMENT ON COLUMN weather_warnings.ends_on IS '结束日期';
COMMENT ON COLUMN weather_warnings.source IS '发布单位（如 蒲江县气象台）';
COMMENT ON COLUMN weather_warnings.text IS '预警内容';
COMMENT ON COLUMN weather_warnings.visits_created IS '登记时生成的加密探访任务数';
COMMENT ON COLUMN weather_warnings.notified IS '登记时通知的工作人员数';
COMMENT ON COLUMN weather_warnings.demo IS '演示数据';
COMMENT ON COLUMN weather_warnings.created_by IS '登记人';
COMMENT ON COLUMN weather_warnings.created_at IS '登记时间';

CREATE TABLE notifications (
  id          bigint      GENERATED ALWAYS AS IDENTITY,
  user_id     integer     NOT NULL,
  title       text        NOT NULL,
  body        text        NOT NULL DEFAULT '',
  link        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  CONSTRAINT notifications_pkey PRIMARY KEY (id),
  CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
COMMENT ON TABLE notifications IS '站内通知（如天气预警、待办提醒）：每条只给一个用户，只有本人可见';
COMMENT ON COLUMN notifications.id IS '编号';
COMMENT ON COLUMN notifications.user_id IS '接收人';
COMMENT ON COLUMN notifications.title IS '标题';
COMMENT ON COLUMN notifications.body IS '内容';
COMMENT ON COLUMN notifications.link IS '点击后打开的页面（站内路径）';
COMMENT ON COLUMN notifications.created_at IS '发送时间';
COMMENT ON COLUMN notifications.read_at IS '已读时间（空为未读）';

CREATE TABLE care_plans (
  id                   bigint      GENERATED ALWAYS AS IDENTITY,
  region_code          varchar(12) NOT NULL,
  household_id         bigint      NOT NULL,
  visit_id             bigint,
  problems             text        NOT NULL,
  measures             jsonb       NOT NULL DEFAULT '[]',
  responsible_name     text        NOT NULL DEFAULT '',
  responsible_user_id  integer,
  review_on            date,
  status               text        NOT NULL DEFAULT 'drafting',
  close_summary        text,
  closed_at            timestamptz,
  demo                 boolean     NOT NULL DEFAULT false,
  created_by           integer,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer     NOT NULL DEFAULT 1,
  CONSTRAINT care_plans_pkey PRIMARY KEY (id),
  CONSTRAINT care_plans_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT care_plans_status_valid CHECK (status IN ('drafting', 'active', 'review', 'closed')),
  CONSTRAINT care_plans_household_id_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT care_plans_visit_id_fkey FOREIGN KEY (visit_id) REFERENCES visits (id),
  CONSTRAINT care_plans_responsible_user_id_fkey FOREIGN KEY (responsible_user_id) REFERENCES users (id),
  CONSTRAINT care_plans_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX care_plans_region_status_idx ON care_plans (region_code, status) INCLUDE (review_on);
CREATE INDEX care_plans_household_id_idx ON care_plans (household_id);
COMMENT ON TABLE care_plans IS '一人一策：复杂困难情形的帮扶方案（问题、措施、责任人、复核日期），制定中→实施中→待复核→已结案';
COMMENT ON COLUMN care_plans.id IS '编号';
COMMENT ON COLUMN care_plans.region_code IS '家庭所在村（社区）（12位区划代码）';
COMMENT ON COLUMN care_plans.household_id IS '帮扶家庭';
COMMENT ON COLUMN care_plans.visit_id IS '发现问题的走访记录（可空）';
COMMENT ON COLUMN care_plans.problems IS '存在的问题';
COMMENT ON COLUMN care_plans.measures IS '帮扶措施：[{what 措施, responsible 责任人, due 完成时限, done 是否完成}]';
COMMENT ON COLUMN care_plans.responsible_name IS '方案责任人';
COMMENT ON COLUMN care_plans.responsible_user_id IS '方案责任人的系统账号（有账号时）';
COMMENT ON COLUMN care_plans.review_on IS '复核日期（过期未结案即复核逾期）';
COMMENT ON COLUMN care_plans.status IS '状态：drafting 制定中，active 实施中，review 待复核，closed 已结案';
COMMENT ON COLUMN care_plans.close_summary IS '结案说明';
COMMENT ON COLUMN care_plans.closed_at IS '结案时间';
COMMENT ON COLUMN care_plans.demo IS '演示数据';
COMMENT ON COLUMN care_plans.created_by IS '制定人';
COMMENT ON COLUMN care_plans.created_at IS '制定时间';
COMMENT ON COLUMN care_plans.updated_at IS '最后修改时间';
COMMENT ON COLUMN care_plans.version IS '乐观锁版本号';

CREATE TABLE care_plan_events (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  plan_id      bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  action       text        NOT NULL,
  from_status  text,
  to_status    text        NOT NULL,
  actor_id     integer,
  at           timestamptz NOT NULL DEFAULT now(),
  detail       jsonb       NOT NULL DEFAULT '{}',
  CONSTRAINT care_plan_events_pkey PRIMARY KEY (id),
  CONSTRAINT care_plan_events_action_valid CHECK (action IN ('create', 'edit', 'start', 'submit_review', 'reopen', 'close')),
  CONSTRAINT care_plan_events_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES care_plans (id),
  CONSTRAINT care_plan_events_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id)
);
CREATE INDEX care_plan_events_plan_idx ON care_plan_events (plan_id, at);
COMMENT ON TABLE care_plan_events IS '一人一策的每一步：制定、修改、开始实施、提交复核、继续实施、结案';
COMMENT ON COLUMN care_plan_events.id IS '编号';
COMMENT ON COLUMN care_plan_events.plan_id IS '方案';
COMMENT ON COLUMN care_plan_events.region_code IS '家庭所在村（社区）（冗余）';
COMMENT ON COLUMN care_plan_events.action IS '操作：create、edit、start、submit_review、reopen、close';
COMMENT ON COLUMN care_plan_events.from_status IS '操作前状态';
COMMENT ON COLUMN care_plan_events.to_status IS '操作后状态';
COMMENT ON COLUMN care_plan_events.actor_id IS '操作人';
COMMENT ON COLUMN care_plan_events.at IS '时间';
COMMENT ON COLUMN care_plan_events.detail IS '操作内容（修改前后、复核意见、结案说明）';
