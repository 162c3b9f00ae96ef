-- Other departments' data (数据比对, C3): files from 医保, 残联, 殡葬/公安 … uploaded as batches (preview, then commit),
-- and the facts of the rows matched to registry members by ID number. A fact keeps no ID number and no full vehicle
-- plate; its fingerprint (a keyed HMAC) makes re-importing the same rows store nothing new.

CREATE TABLE department_batches (
  id             bigint      GENERATED ALWAYS AS IDENTITY,
  source         text        NOT NULL,
  region_code    varchar(12) NOT NULL,
  file_name      text        NOT NULL,
  file_sha256    text        NOT NULL,
  status         text        NOT NULL DEFAULT 'previewed',
  total_rows     integer     NOT NULL DEFAULT 0,
  valid_rows     integer     NOT NULL DEFAULT 0,
  matched_rows   integer     NOT NULL DEFAULT 0,
  unmatched_rows integer     NOT NULL DEFAULT 0,
  error_rows     integer     NOT NULL DEFAULT 0,
  duplicate_rows integer     NOT NULL DEFAULT 0,
  known_rows     integer     NOT NULL DEFAULT 0,
  stored_facts   integer,
  affected_households integer NOT NULL DEFAULT 0,
  affected_counties   text[]  NOT NULL DEFAULT '{}',
  issues         jsonb       NOT NULL DEFAULT '[]',
  unmatched      jsonb       NOT NULL DEFAULT '[]',
  message        text        NOT NULL DEFAULT '',
  file_data      bytea,
  created_by     integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  committed_at   timestamptz,
  CONSTRAINT department_batches_pkey PRIMARY KEY (id),
  CONSTRAINT department_batches_source_valid CHECK (source IN
    ('medical', 'disability', 'death', 'education', 'employment', 'disaster', 'housing', 'business', 'vehicle')),
  CONSTRAINT department_batches_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT department_batches_status_valid CHECK (status IN ('previewed', 'committed', 'discarded')),
  CONSTRAINT department_batches_counts_nonnegative CHECK (total_rows >= 0 AND valid_rows >= 0 AND matched_rows >= 0
    AND unmatched_rows >= 0 AND error_rows >= 0 AND duplicate_rows >= 0 AND known_rows >= 0 AND affected_households >= 0),
  CONSTRAINT department_batches_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX department_batches_region_idx ON department_batches (region_code, created_at DESC);
COMMENT ON TABLE department_batches IS '其他部门数据比对的导入批次：上传的文件、预览结果（匹配、未匹配、错误、重复）与提交结果';
COMMENT ON COLUMN department_batches.id IS '编号';
COMMENT ON COLUMN department_batches.source IS '数据来源（domain DepartmentSource）：medical 医保、disability 残联、death 死亡、education 教育、employment 人社、disaster 应急、housing 住建、business 市场监管、vehicle 公安交管';
COMMENT ON COLUMN department_batches.region_code IS '导入人所属区域（12位区划代码）：只与此范围内登记的人员比对，批次按此判断管辖范围';
COMMENT ON COLUMN department_batches.file_name IS '上传的文件名';
COMMENT ON COLUMN department_batches.file_sha256 IS '文件内容的 SHA-256（十六进制）';
COMMENT ON COLUMN department_batches.status IS '状态：previewed 已预览，committed 已导入，discarded 已放弃';
COMMENT ON COLUMN department_batches.total_rows IS '数据行数（不含表头与空行）';
COMMENT ON COLUMN department_batches.valid_rows IS '无错误的行数（= 匹配 + 未匹配 + 重复）';
COMMENT ON COLUMN department_batches.matched_rows IS '与管辖范围内在册人员匹配的行数（文件内重复行不重复计）';
COMMENT ON COLUMN department_batches.unmatched_rows IS '未匹配的行数：身份证号码不属于管辖范围内的在册人员';
COMMENT ON COLUMN department_batches.error_rows IS '有错误的行数（不导入）';
COMMENT ON COLUMN department_batches.duplicate_rows IS '与文件中前面某行完全相同的行数（只导入一次）';
COMMENT ON COLUMN department_batches.known_rows IS '匹配行中此前已导入过的行数（不重复保存）';
COMMENT ON COLUMN department_batches.stored_facts IS '提交时新保存的比对记录数；提交前为空';
COMMENT ON COLUMN department_batches.affected_households IS '提交时收到新比对记录的家庭数';
COMMENT ON COLUMN department_batches.affected_counties IS '这些家庭所在县（区）的12位代码，监测预警据此重新比对';
COMMENT ON COLUMN department_batches.issues IS '逐行问题：[{row, column, level, message}]，最多保存1000条';
COMMENT ON COLUMN department_batches.unmatched IS '未匹配的行：[{row, idNumberMasked, name}]（身份证号码脱敏），最多保存1000条';
COMMENT ON COLUMN department_batches.message IS '结果说明';
COMMENT ON COLUMN department_batches.file_data IS '上传的文件，保留到提交或放弃时清除';
COMMENT ON COLUMN department_batches.created_by IS '导入人';
COMMENT ON COLUMN department_batches.created_at IS '上传时间';
COMMENT ON COLUMN department_batches.committed_at IS '提交时间';

CREATE TABLE department_facts (
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  batch_id     bigint,
  source       text        NOT NULL,
  member_id    bigint      NOT NULL,
  household_id bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  fact_date    date        NOT NULL,
  amount_fen   bigint,
  detail       jsonb       NOT NULL,
  fingerprint  bytea       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT department_facts_pkey PRIMARY KEY (id),
  CONSTRAINT department_facts_batch_fkey FOREIGN KEY (batch_id) REFERENCES department_batches (id),
  CONSTRAINT department_facts_member_fkey FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT department_facts_household_fkey FOREIGN KEY (household_id) REFERENCES households (id),
  CONSTRAINT department_facts_source_valid CHECK (source IN
    ('medical', 'disability', 'death', 'education', 'employment', 'disaster', 'housing', 'business', 'vehicle')),
  CONSTRAINT department_facts_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT department_facts_fingerprint_key UNIQUE (source, fingerprint)
);
CREATE INDEX department_facts_household_idx ON department_facts (household_id, fact_date DESC);
CREATE INDEX department_facts_region_idx ON department_facts (region_code);
CREATE INDEX department_facts_member_idx ON department_facts (member_id);
COMMENT ON TABLE department_facts IS '其他部门数据比对记录：按身份证号码匹配到在册人员的一行（医疗费用、残疾人证、死亡……），不保存身份证号码';
COMMENT ON COLUMN department_facts.id IS '编号';
COMMENT ON COLUMN department_facts.batch_id IS '由哪一批导入';
COMMENT ON COLUMN department_facts.source IS '数据来源（同 department_batches.source）';
COMMENT ON COLUMN department_facts.member_id IS '匹配到的家庭成员';
COMMENT ON COLUMN department_facts.household_id IS '该成员导入时所在的家庭';
COMMENT ON COLUMN department_facts.region_code IS '该家庭所在村（社区）的12位区划代码；管辖范围按此判断';
COMMENT ON COLUMN department_facts.fact_date IS '记录所述的日期（结算、发证、死亡、登记……；无日期列的来源为导入日期）';
COMMENT ON COLUMN department_facts.amount_fen IS '记录的金额（分）：医疗个人自付、教育支出、灾害损失、注册资本；无则为空';
COMMENT ON COLUMN department_facts.detail IS '其余各列（domain DepartmentFact.detail；车牌号码已脱敏）';
COMMENT ON COLUMN department_facts.fingerprint IS '指纹：以身份证号码盲索引为密钥、对来源、日期、金额与各列计算的 HMAC-SHA-256；同一行再次导入不重复保存';
COMMENT ON COLUMN department_facts.created_at IS '导入时间';

ALTER TABLE households ADD COLUMN facts_changed_at timestamptz;
COMMENT ON COLUMN households.facts_changed_at IS '最近一次收到新的其他部门比对记录的时间；监测预警把此后未重新比对的家庭视为有变化';
