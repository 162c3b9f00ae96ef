-- Policy parameters: dated, regional, sourced numbers (低保 standards, edge multiplier, …).

CREATE TABLE policy_parameters (
  id           integer GENERATED ALWAYS AS IDENTITY,
  region_code  varchar(12) NOT NULL,
  key          text        NOT NULL,
  value        numeric(14,4) NOT NULL,
  valid_from   date        NOT NULL,
  valid_to     date,
  source       text        NOT NULL,
  demo         boolean     NOT NULL DEFAULT false,
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT policy_parameters_pkey PRIMARY KEY (id),
  CONSTRAINT policy_parameters_region_code_format CHECK (region_code ~ '^[0-9]{12}$'),
  CONSTRAINT policy_parameters_value_nonnegative CHECK (value >= 0),
  CONSTRAINT policy_parameters_period_order CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CONSTRAINT policy_parameters_source_present CHECK (length(btrim(source)) > 0),
  CONSTRAINT policy_parameters_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX policy_parameters_region_key_idx ON policy_parameters (region_code, key, valid_from DESC);
COMMENT ON TABLE policy_parameters IS '政策参数：按区域、有效期和依据管理的数值（低保标准、边缘倍数等）；下级未设置时沿用上级';
COMMENT ON COLUMN policy_parameters.id IS '编号';
COMMENT ON COLUMN policy_parameters.region_code IS '适用区域（含其下级区域）';
COMMENT ON COLUMN policy_parameters.key IS '参数（见 packages/domain/src/policy.ts 的 PolicyKey）';
COMMENT ON COLUMN policy_parameters.value IS '数值：金额以分计，倍数、比例为小数';
COMMENT ON COLUMN policy_parameters.valid_from IS '生效日期';
COMMENT ON COLUMN policy_parameters.valid_to IS '失效日期（含当日）；空表示长期有效';
COMMENT ON COLUMN policy_parameters.source IS '依据：文号或条款';
COMMENT ON COLUMN policy_parameters.demo IS '演示数据（非真实政策数值）';
COMMENT ON COLUMN policy_parameters.created_by IS '录入人';
COMMENT ON COLUMN policy_parameters.created_at IS '录入时间';
COMMENT ON COLUMN policy_parameters.updated_at IS '更新时间';
