-- Low-income registry (C2): households and members as on the survey form (附件2), their history, transfers between
-- households, duplicate reviews and import batches. ID numbers and phones are stored only encrypted, with a keyed
-- blind index for exact lookup and a masked copy for display.

CREATE TABLE key_fingerprints (
  purpose     text        NOT NULL,
  fingerprint text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT key_fingerprints_pkey PRIMARY KEY (purpose)
);
COMMENT ON TABLE key_fingerprints IS '密钥指纹：确认启动时使用的密钥与已加密数据一致（不保存密钥本身）';
COMMENT ON COLUMN key_fingerprints.purpose IS '用途（data：身份证号码、电话的加密与盲索引）';
COMMENT ON COLUMN key_fingerprints.fingerprint IS '由密钥派生的公开指纹';
COMMENT ON COLUMN key_fingerprints.created_at IS '首次记录时间';

CREATE TABLE households (
  id                 bigint      GENERATED ALWAYS AS IDENTITY,
  region_code        varchar(12) NOT NULL,
  urban_rural        text        NOT NULL,
  hukou_address      text        NOT NULL,
  residence_address  text        NOT NULL,
  head_name          text        NOT NULL DEFAULT '',
  head_id_masked     text        NOT NULL DEFAULT '',
  poverty_reasons    text[]      NOT NULL DEFAULT '{}',
  categories         jsonb       NOT NULL DEFAULT '[]',
  category_kinds     text[]      NOT NULL DEFAULT '{}',
  assistance         jsonb       NOT NULL DEFAULT '[]',
  person_categories  text[]      NOT NULL DEFAULT '{}',
  cash_deposits_fen  bigint      NOT NULL DEFAULT 0,
  housing            jsonb       NOT NULL DEFAULT '[]',
  vehicles           jsonb       NOT NULL DEFAULT '[]',
  other_assets       text        NOT NULL DEFAULT '',
  needs              text        NOT NULL DEFAULT '',
  surveyed_by        text        NOT NULL DEFAULT '',
  surveyed_on        date,
  member_count       integer     NOT NULL DEFAULT 0,
  yearly_income_fen  bigint      NOT NULL DEFAULT 0,
  income_per_head_fen bigint     NOT NULL DEFAULT 0,
  member_tags        text[]      NOT NULL DEFAULT '{}',
  import_batch_id    bigint,
  version            integer     NOT NULL DEFAULT 1,
  created_by         integer,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT households_pkey PRIMARY KEY (id),
  CONSTRAINT households_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT households_urban_rural_valid CHECK (urban_rural IN ('urban', 'rural')),
  CONSTRAINT households_money_nonnegative CHECK (cash_deposits_fen >= 0 AND yearly_income_fen >= 0 AND income_per_head_fen >= 0),
  CONSTRAINT households_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX households_region_idx ON households (region_code, id);
CREATE INDEX households_head_name_idx ON households (head_name text_pattern_ops);
COMMENT ON TABLE households IS '低收入家庭（附件2 农村低收入群众入户调查表的一户）';
COMMENT ON COLUMN households.id IS '编号';
COMMENT ON COLUMN households.region_code IS '所在村（社区）的12位区划代码；管辖范围按此判断';
COMMENT ON COLUMN households.urban_rural IS '城市/农村：urban 城市，rural 农村';
COMMENT ON COLUMN households.hukou_address IS '户籍地址';
COMMENT ON COLUMN households.residence_address IS '居住地址';
COMMENT ON COLUMN households.head_name IS '户主姓名（冗余，列表与检索用）';
COMMENT ON COLUMN households.head_id_masked IS '户主身份证号码（脱敏，冗余，列表用）';
COMMENT ON COLUMN households.poverty_reasons IS '家庭贫困原因（可多选，见 domain PovertyReason）';
COMMENT ON COLUMN households.categories IS '保障类别及期间：[{kind, startDate, endDate, status}]';
COMMENT ON COLUMN households.category_kinds IS '写入时在册的保障类别（冗余，筛选用）';
COMMENT ON COLUMN households.assistance IS '已享受救助情况及年救助金额（分）：[{kind, yearlyAmount}]';
COMMENT ON COLUMN households.person_categories IS '人员类别（可多选）';
COMMENT ON COLUMN households.cash_deposits_fen IS '现金存款（分）';
COMMENT ON COLUMN households.housing IS '住房房产：[{area 平方米, nature, address}]';
COMMENT ON COLUMN households.vehicles IS '机动车（船）：[{type, use}]';
COMMENT ON COLUMN households.other_assets IS '其他财产';
COMMENT ON COLUMN households.needs IS '困难群体诉求';
COMMENT ON COLUMN households.surveyed_by IS '入户调查人员';
COMMENT ON COLUMN households.surveyed_on IS '入户调查日期';
COMMENT ON COLUMN households.member_count IS '在户成员人数（冗余）';
COMMENT ON COLUMN households.yearly_income_fen IS '家庭年收入（分，成员年收入与退休金之和，冗余）';
COMMENT ON COLUMN households.income_per_head_fen IS '家庭月人均收入（分，冗余）';
COMMENT ON COLUMN households.member_tags IS '成员人员标识的并集（冗余，筛选用）';
COMMENT ON COLUMN households.import_batch_id IS '由哪一批导入创建（手工录入为空）';
COMMENT ON COLUMN households.version IS '版本号：每次修改加一，用于并发修改检查';
COMMENT ON COLUMN households.created_by IS '录入人';
COMMENT ON COLUMN households.created_at IS '录入时间';
COMMENT ON COLUMN households.updated_at IS '最后修改时间';

CREATE TABLE members (
  id                 bigint      GENERATED ALWAYS AS IDENTITY,
  household_id       bigint      NOT NULL,
  region_code        varchar(12) NOT NULL,
  name               text        NOT NULL,
  name_pinyin        text        NOT NULL DEFAULT '',
  name_initials      text        NOT NULL DEFAULT '',
  relation           text        NOT NULL,
  id_number_enc      bytea       NOT NULL,
  id_number_hash     bytea       NOT NULL,
  id_number_masked   text        NOT NULL,
  gender             text        NOT NULL,
  birth_date         date        NOT NULL,
  health             text        NOT NULL DEFAULT 'healthy',
  disability_type    text,
  disability_grade   smallint,
  work_ability       text        NOT NULL DEFAULT 'full',
  self_care          text        NOT NULL DEFAULT 'independent',
  school_or_employer text        NOT NULL DEFAULT '',
  yearly_income_fen  bigint      NOT NULL DEFAULT 0,
  pension_fen        bigint      NOT NULL DEFAULT 0,
  pension_insurance  text        NOT NULL DEFAULT 'none',
  medical_insurance  text        NOT NULL DEFAULT 'resident',
  phone_enc          bytea,
  phone_hash         bytea,
  phone_masked       text,
  tags               text[]      NOT NULL DEFAULT '{}',
  removed_at         timestamptz,
  removal_reason     text,
  removal_note       text,
  version            integer     NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT members_pkey PRIMARY KEY (id),
  CONSTRAINT members_household_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT members_gender_valid CHECK (gender IN ('male', 'female')),
  CONSTRAINT members_disability_grade_range CHECK (disability_grade IS NULL OR disability_grade BETWEEN 1 AND 4),
  CONSTRAINT members_money_nonnegative CHECK (yearly_income_fen >= 0 AND pension_fen >= 0),
  CONSTRAINT members_phone_complete CHECK ((phone_enc IS NULL) = (phone_hash IS NULL))
);
-- One person belongs to one household at a time.
CREATE UNIQUE INDEX members_id_number_current_key ON members (id_number_hash) WHERE removed_at IS NULL;
CREATE INDEX members_household_idx ON members (household_id);
CREATE INDEX members_phone_hash_idx ON members (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX members_region_idx ON members (region_code);
CREATE INDEX members_name_idx ON members (name text_pattern_ops);
CREATE INDEX members_initials_idx ON members (name_initials text_pattern_ops);
CREATE INDEX members_pinyin_idx ON members (name_pinyin text_pattern_ops);
CREATE INDEX members_name_birth_idx ON members (name, birth_date);
COMMENT ON TABLE members IS '家庭成员；身份证号码与电话仅以密文、盲索引和脱敏形式保存';
COMMENT ON COLUMN members.id IS '编号';
COMMENT ON COLUMN members.household_id IS '所在家庭';
COMMENT ON COLUMN members.region_code IS '所在家庭的区划代码（冗余，管辖范围判断与查重用）';
COMMENT ON COLUMN members.name IS '姓名';
COMMENT ON COLUMN members.name_pinyin IS '姓名全拼（小写无声调，检索与查重用）';
COMMENT ON COLUMN members.name_initials IS '姓名拼音首字母（检索用）';
COMMENT ON COLUMN members.relation IS '与户主关系（head 为户主）';
COMMENT ON COLUMN members.id_number_enc IS '身份证号码密文（AES-256-GCM）';
COMMENT ON COLUMN members.id_number_hash IS '身份证号码盲索引（HMAC-SHA-256），精确查找与唯一性';
COMMENT ON COLUMN members.id_number_masked IS '身份证号码脱敏形式（前6位与后4位）';
COMMENT ON COLUMN members.gender IS '性别（由身份证号码得出）';
COMMENT ON COLUMN members.birth_date IS '出生日期（由身份证号码得出）';
COMMENT ON COLUMN members.health IS '健康状况';
COMMENT ON COLUMN members.disability_type IS '残疾类别';
COMMENT ON COLUMN members.disability_grade IS '残疾等级（1至4级）';
COMMENT ON COLUMN members.work_ability IS '劳动能力';
COMMENT ON COLUMN members.self_care IS '生活自理能力：自理、半失能、失能';
COMMENT ON COLUMN members.school_or_employer IS '工作单位或学校';
COMMENT ON COLUMN members.yearly_income_fen IS '年收入（分）';
COMMENT ON COLUMN members.pension_fen IS '年退休金（分）';
COMMENT ON COLUMN members.pension_insurance IS '养老保险';
COMMENT ON COLUMN members.medical_insurance IS '医疗保险';
COMMENT ON COLUMN members.phone_enc IS '联系电话密文';
COMMENT ON COLUMN members.phone_hash IS '联系电话盲索引';
COMMENT ON COLUMN members.phone_masked IS '联系电话脱敏形式';
COMMENT ON COLUMN members.tags IS '人员标识（在校、独居、留守、孤儿……）';
COMMENT ON COLUMN members.removed_at IS '移出家庭的时间；为空表示仍在户';
COMMENT ON COLUMN members.removal_reason IS '移出原因：死亡、迁出、分户、录入错误、其他';
COMMENT ON COLUMN members.removal_note IS '移出说明';
COMMENT ON COLUMN members.version IS '版本号，用于并发修改检查';
COMMENT ON COLUMN members.created_at IS '录入时间';
COMMENT ON COLUMN members.updated_at IS '最后修改时间';

CREATE TABLE household_history (
  id            bigint      GENERATED ALWAYS AS IDENTITY,
  household_id  bigint      NOT NULL,
  region_code   varchar(12) NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_id      integer,
  source        text        NOT NULL,
  summary       text        NOT NULL,
  changes       jsonb       NOT NULL DEFAULT '[]',
  CONSTRAINT household_history_pkey PRIMARY KEY (id),
  CONSTRAINT household_history_household_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT household_history_actor_fkey FOREIGN KEY (actor_id) REFERENCES users (id)
);
CREATE INDEX household_history_household_idx ON household_history (household_id, at DESC);
COMMENT ON TABLE household_history IS '家庭变更历史：每次录入、修改、成员增减、迁转、导入，显示在家庭页';
COMMENT ON COLUMN household_history.id IS '编号';
COMMENT ON COLUMN household_history.household_id IS '家庭';
COMMENT ON COLUMN household_history.region_code IS '变更时家庭所在区划';
COMMENT ON COLUMN household_history.at IS '时间';
COMMENT ON COLUMN household_history.actor_id IS '操作人';
COMMENT ON COLUMN household_history.source IS '来源：form 表单，import 导入，transfer 迁转，duplicate 查重，system 系统';
COMMENT ON COLUMN household_history.summary IS '摘要（中文）';
COMMENT ON COLUMN household_history.changes IS '字段变化：[{field, label, before, after}]；证件号码与电话只记脱敏值';

CREATE TABLE member_transfers (
  id                 bigint      GENERATED ALWAYS AS IDENTITY,
  member_id          bigint      NOT NULL,
  from_household_id  bigint      NOT NULL,
  from_region_code   varchar(12) NOT NULL,
  to_household_id    bigint      NOT NULL,
  to_region_code     varchar(12) NOT NULL,
  relation           text        NOT NULL,
  reason             text        NOT NULL,
  status             text        NOT NULL DEFAULT 'pending',
  requested_by       integer     NOT NULL,
  requested_at       timestamptz NOT NULL DEFAULT now(),
  decided_by         integer,
  decided_at         timestamptz,
  decision_note      text,
  CONSTRAINT member_transfers_pkey PRIMARY KEY (id),
  CONSTRAINT member_transfers_member_fkey FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT member_transfers_from_fkey FOREIGN KEY (from_household_id) REFERENCES households (id),
  CONSTRAINT member_transfers_to_fkey FOREIGN KEY (to_household_id) REFERENCES households (id),
  CONSTRAINT member_transfers_status_valid CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  CONSTRAINT member_transfers_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES users (id),
  CONSTRAINT member_transfers_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users (id)
);
CREATE UNIQUE INDEX member_transfers_one_pending_key ON member_transfers (member_id) WHERE status = 'pending';
CREATE INDEX member_transfers_from_region_idx ON member_transfers (from_region_code, status);
CREATE INDEX member_transfers_to_region_idx ON member_transfers (to_region_code, status);
COMMENT ON TABLE member_transfers IS '成员迁转申请：把已在别户登记的人员转入本户，由原登记地审核';
COMMENT ON COLUMN member_transfers.id IS '编号';
COMMENT ON COLUMN member_transfers.member_id IS '被迁转的成员';
COMMENT ON COLUMN member_transfers.from_household_id IS '原家庭';
COMMENT ON COLUMN member_transfers.from_region_code IS '原家庭区划（原登记地审核）';
COMMENT ON COLUMN member_transfers.to_household_id IS '转入家庭';
COMMENT ON COLUMN member_transfers.to_region_code IS '转入家庭区划';
COMMENT ON COLUMN member_transfers.relation IS '在转入家庭中与户主关系';
COMMENT ON COLUMN member_transfers.reason IS '申请理由';
COMMENT ON COLUMN member_transfers.status IS '状态：pending 待审核，approved 已同意，rejected 已驳回，cancelled 已撤回';
COMMENT ON COLUMN member_transfers.requested_by IS '申请人';
COMMENT ON COLUMN member_transfers.requested_at IS '申请时间';
COMMENT ON COLUMN member_transfers.decided_by IS '审核人';
COMMENT ON COLUMN member_transfers.decided_at IS '审核时间';
COMMENT ON COLUMN member_transfers.decision_note IS '审核意见';

CREATE TABLE duplicate_reviews (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  member_a     bigint      NOT NULL,
  member_b     bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  reason       text        NOT NULL,
  decision     text        NOT NULL,
  note         text        NOT NULL DEFAULT '',
  reviewed_by  integer     NOT NULL,
  reviewed_at  timestamptz NOT NULL DEFAULT now(),
  revoked_by   integer,
  revoked_at   timestamptz,
  CONSTRAINT duplicate_reviews_pkey PRIMARY KEY (id),
  CONSTRAINT duplicate_reviews_order CHECK (member_a < member_b),
  CONSTRAINT duplicate_reviews_decision_valid CHECK (decision IN ('duplicate', 'distinct')),
  CONSTRAINT duplicate_reviews_member_a_fkey FOREIGN KEY (member_a) REFERENCES members (id),
  CONSTRAINT duplicate_reviews_member_b_fkey FOREIGN KEY (member_b) REFERENCES members (id),
  CONSTRAINT duplicate_reviews_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES users (id),
  CONSTRAINT duplicate_reviews_revoked_by_fkey FOREIGN KEY (revoked_by) REFERENCES users (id)
);
CREATE UNIQUE INDEX duplicate_reviews_current_key ON duplicate_reviews (member_a, member_b) WHERE revoked_at IS NULL;
CREATE INDEX duplicate_reviews_region_idx ON duplicate_reviews (region_code);
COMMENT ON TABLE duplicate_reviews IS '疑似重复人员的审核结论：确认重复是可撤销的关联，不合并、不删除记录';
COMMENT ON COLUMN duplicate_reviews.id IS '编号';
COMMENT ON COLUMN duplicate_reviews.member_a IS '成员甲（编号较小者）';
COMMENT ON COLUMN duplicate_reviews.member_b IS '成员乙（编号较大者）';
COMMENT ON COLUMN duplicate_reviews.region_code IS '成员甲所在区划（管辖范围判断）';
COMMENT ON COLUMN duplicate_reviews.reason IS '疑似依据：same_name_birth 姓名与出生日期相同，same_pinyin_village 同村同拼音';
COMMENT ON COLUMN duplicate_reviews.decision IS '结论：duplicate 确认重复，distinct 不是同一人';
COMMENT ON COLUMN duplicate_reviews.note IS '审核说明';
COMMENT ON COLUMN duplicate_reviews.reviewed_by IS '审核人';
COMMENT ON COLUMN duplicate_reviews.reviewed_at IS '审核时间';
COMMENT ON COLUMN duplicate_reviews.revoked_by IS '撤销人';
COMMENT ON COLUMN duplicate_reviews.revoked_at IS '撤销时间；为空表示结论有效';

CREATE TABLE import_batches (
  id             bigint      GENERATED ALWAYS AS IDENTITY,
  region_code    varchar(12),
  file_name      text        NOT NULL,
  file_sha256    text        NOT NULL,
  format         text        NOT NULL,
  file_data      bytea,
  status         text        NOT NULL DEFAULT 'previewed',
  mode           text,
  total_rows     integer     NOT NULL DEFAULT 0,
  valid_rows     integer     NOT NULL DEFAULT 0,
  error_rows     integer     NOT NULL DEFAULT 0,
  warning_rows   integer     NOT NULL DEFAULT 0,
  errors         jsonb       NOT NULL DEFAULT '[]',
  processed_rows integer     NOT NULL DEFAULT 0,
  created_households integer NOT NULL DEFAULT 0,
  created_members integer    NOT NULL DEFAULT 0,
  updated_members integer    NOT NULL DEFAULT 0,
  unchanged_rows integer     NOT NULL DEFAULT 0,
  message        text,
  created_by     integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  committed_at   timestamptz,
  CONSTRAINT import_batches_pkey PRIMARY KEY (id),
  CONSTRAINT import_batches_status_valid CHECK (status IN ('previewed', 'committing', 'committed', 'failed', 'discarded')),
  CONSTRAINT import_batches_mode_valid CHECK (mode IS NULL OR mode IN ('all', 'valid')),
  CONSTRAINT import_batches_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX import_batches_region_idx ON import_batches (region_code, created_at DESC);
COMMENT ON TABLE import_batches IS '导入批次：上传文件、预览校验结果、提交进度与结果';
COMMENT ON COLUMN import_batches.id IS '编号';
COMMENT ON COLUMN import_batches.region_code IS '导入人所属区域（管辖范围判断；只导入此范围内的村）；为空表示命令行以全国为范围导入';
COMMENT ON COLUMN import_batches.file_name IS '文件名';
COMMENT ON COLUMN import_batches.file_sha256 IS '文件 SHA-256';
COMMENT ON COLUMN import_batches.format IS '格式：summary 附件3版式，template 完整模板，csv';
COMMENT ON COLUMN import_batches.file_data IS '上传的文件内容（提交或放弃后清除）';
COMMENT ON COLUMN import_batches.status IS '状态：previewed 已预览，committing 导入中，committed 已导入，failed 失败，discarded 已放弃';
COMMENT ON COLUMN import_batches.mode IS '导入方式：all 全部或不导入，valid 仅导入正确行';
COMMENT ON COLUMN import_batches.total_rows IS '数据行数';
COMMENT ON COLUMN import_batches.valid_rows IS '正确行数';
COMMENT ON COLUMN import_batches.error_rows IS '错误行数';
COMMENT ON COLUMN import_batches.warning_rows IS '有提示（不阻止导入）的行数';
COMMENT ON COLUMN import_batches.errors IS '错误与提示：[{row, column, message, level}]（最多保存前1000条）';
COMMENT ON COLUMN import_batches.processed_rows IS '已处理行数（进度）';
COMMENT ON COLUMN import_batches.created_households IS '新建家庭数';
COMMENT ON COLUMN import_batches.created_members IS '新增成员数';
COMMENT ON COLUMN import_batches.updated_members IS '更新成员数';
COMMENT ON COLUMN import_batches.unchanged_rows IS '与已有记录一致、未改动的行数';
COMMENT ON COLUMN import_batches.message IS '结果说明或失败原因';
COMMENT ON COLUMN import_batches.created_by IS '导入人；为空表示命令行（系统）导入';
COMMENT ON COLUMN import_batches.created_at IS '上传时间';
COMMENT ON COLUMN import_batches.updated_at IS '状态或进度最后更新时间（判断导入是否中断）';
COMMENT ON COLUMN import_batches.committed_at IS '完成时间';

ALTER TABLE households ADD CONSTRAINT households_import_batch_fkey FOREIGN KEY (import_batch_id) REFERENCES import_batches (id);
