-- The working-day calendar: public holidays and the weekend days worked in their place (调休上班日), one year at a
-- time as the State Council's notice sets them. Deadlines counted in working days (a lead's contact and handling) use
-- it; a year not entered counts Monday to Friday. Entered and changed by provincial policy administrators.

CREATE TABLE work_calendar_years (
  year        integer     NOT NULL,
  source      text        NOT NULL,
  updated_by  integer,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT work_calendar_years_pkey PRIMARY KEY (year),
  CONSTRAINT work_calendar_years_year_range CHECK (year BETWEEN 2000 AND 2100),
  CONSTRAINT work_calendar_years_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id)
);
COMMENT ON TABLE work_calendar_years IS '节假日安排（按年）：依据的国务院办公厅通知及录入人';
COMMENT ON COLUMN work_calendar_years.year IS '年份';
COMMENT ON COLUMN work_calendar_years.source IS '依据（通知名称及文号）';
COMMENT ON COLUMN work_calendar_years.updated_by IS '最后修改人（系统预置为空）';
COMMENT ON COLUMN work_calendar_years.updated_at IS '最后修改时间';

CREATE TABLE work_calendar_days (
  day   date NOT NULL,
  kind  text NOT NULL,
  name  text NOT NULL,
  CONSTRAINT work_calendar_days_pkey PRIMARY KEY (day),
  CONSTRAINT work_calendar_days_kind_valid CHECK (kind IN ('holiday', 'workday')),
  CONSTRAINT work_calendar_days_workday_weekend CHECK (kind = 'holiday' OR extract(isodow FROM day) IN (6, 7))
);
COMMENT ON TABLE work_calendar_days IS '与“周一至周五工作”不同的日子：法定节假日放假日和调休上班日';
COMMENT ON COLUMN work_calendar_days.day IS '日期';
COMMENT ON COLUMN work_calendar_days.kind IS '类型：holiday 放假，workday 调休上班（只能是周六或周日）';
COMMENT ON COLUMN work_calendar_days.name IS '所属节日，如 春节、国庆节';

INSERT INTO work_calendar_years (year, source) VALUES
  (2025, '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）'),
  (2026, '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）');

INSERT INTO work_calendar_days (day, kind, name) VALUES
  ('2025-01-01', 'holiday', '元旦'),
  ('2025-01-26', 'workday', '春节'),
  ('2025-01-28', 'holiday', '春节'),
  ('2025-01-29', 'holiday', '春节'),
  ('2025-01-30', 'holiday', '春节'),
  ('2025-01-31', 'holiday', '春节'),
  ('2025-02-01', 'holiday', '春节'),
  ('2025-02-02', 'holiday', '春节'),
  ('2025-02-03', 'holiday', '春节'),
  ('2025-02-04', 'holiday', '春节'),
  ('2025-02-08', 'workday', '春节'),
  ('2025-04-04', 'holiday', '清明节'),
  ('2025-04-05', 'holiday', '清明节'),
  ('2025-04-06', 'holiday', '清明节'),
  ('2025-04-27', 'workday', '劳动节'),
  ('2025-05-01', 'holiday', '劳动节'),
  ('2025-05-02', 'holiday', '劳动节'),
  ('2025-05-03', 'holiday', '劳动节'),
  ('2025-05-04', 'holiday', '劳动节'),
  ('2025-05-05', 'holiday', '劳动节'),
  ('2025-05-31', 'holiday', '端午节'),
  ('2025-06-01', 'holiday', '端午节'),
  ('2025-06-02', 'holiday', '端午节'),
  ('2025-09-28', 'workday', '国庆节、中秋节'),
  ('2025-10-01', 'holiday', '国庆节、中秋节'),
  ('2025-10-02', 'holiday', '国庆节、中秋节'),
  ('2025-10-03', 'holiday', '国庆节、中秋节'),
  ('2025-10-04', 'holiday', '国庆节、中秋节'),
  ('2025-10-05', 'holiday', '国庆节、中秋节'),
  ('2025-10-06', 'holiday', '国庆节、中秋节'),
  ('2025-10-07', 'holiday', '国庆节、中秋节'),
  ('2025-10-08', 'holiday', '国庆节、中秋节'),
  ('2025-10-11', 'workday', '国庆节、中秋节'),
  ('2026-01-01', 'holiday', '元旦'),
  ('2026-01-02', 'holiday', '元旦'),
  ('2026-01-03', 'holiday', '元旦'),
  ('2026-01-04', 'workday', '元旦'),
  ('2026-02-14', 'workday', '春节'),
  ('2026-02-15', 'holiday', '春节'),
  ('2026-02-16', 'holiday', '春节'),
  ('2026-02-17', 'holiday', '春节'),
  ('2026-02-18', 'holiday', '春节'),
  ('2026-02-19', 'holiday', '春节'),
  ('2026-02-20', 'holiday', '春节'),
  ('2026-02-21', 'holiday', '春节'),
  ('2026-02-22', 'holiday', '春节'),
  ('2026-02-23', 'holiday', '春节'),
  ('2026-02-28', 'workday', '春节'),
  ('2026-04-04', 'holiday', '清明节'),
  ('2026-04-05', 'holiday', '清明节'),
  ('2026-04-06', 'holiday', '清明节'),
  ('2026-05-01', 'holiday', '劳动节'),
  ('2026-05-02', 'holiday', '劳动节'),
  ('2026-05-03', 'holiday', '劳动节'),
  ('2026-05-04', 'holiday', '劳动节'),
  ('2026-05-05', 'holiday', '劳动节'),
  ('2026-05-09', 'workday', '劳动节'),
  ('2026-06-19', 'holiday', '端午节'),
  ('2026-06-20', 'holiday', '端午节'),
  ('2026-06-21', 'holiday', '端午节'),
  ('2026-09-20', 'workday', '国庆节'),
  ('2026-09-25', 'holiday', '中秋节'),
  ('2026-09-26', 'holiday', '中秋节'),
  ('2026-09-27', 'holiday', '中秋节'),
  ('2026-10-01', 'holiday', '国庆节'),
  ('2026-10-02', 'holiday', '国庆节'),
  ('2026-10-03', 'holiday', '国庆节'),
  ('2026-10-04', 'holiday', '国庆节'),
  ('2026-10-05', 'holiday', '国庆节'),
  ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'),
  ('2026-10-10', 'workday', '国庆节');
