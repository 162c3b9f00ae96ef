-- Coverage counts of visit tasks per township, due date, kind and plan, kept by statement triggers on visit_tasks so
-- that coverage of a county, city or province reads a few thousand count rows instead of every task. Coverage of a
-- township or village, which needs the village of each task, still reads visit_tasks.

CREATE TABLE visit_task_counts (
  township_code varchar(12) NOT NULL,
  due_on        date        NOT NULL,
  kind          text        NOT NULL,
  plan_id       bigint      NOT NULL DEFAULT 0,
  open          integer     NOT NULL DEFAULT 0,
  done          integer     NOT NULL DEFAULT 0,
  cancelled     integer     NOT NULL DEFAULT 0,
  CONSTRAINT visit_task_counts_pkey PRIMARY KEY (township_code, due_on, kind, plan_id),
  CONSTRAINT visit_task_counts_township_code_format CHECK (township_code ~ '^[0-9]{9}000$')
);
-- A period of a province once years of tasks have accumulated: the due dates first, then the townships.
CREATE INDEX visit_task_counts_due_idx ON visit_task_counts (due_on, township_code);
COMMENT ON TABLE visit_task_counts IS '走访任务计数（按乡镇、应走访日期、类型、计划汇总），由 visit_tasks 的触发器维护，供县级及以上的走访覆盖率统计';
COMMENT ON COLUMN visit_task_counts.township_code IS '任务所在乡镇（街道）（12位区划代码，村级代码前9位补0）';
COMMENT ON COLUMN visit_task_counts.due_on IS '应走访日期';
COMMENT ON COLUMN visit_task_counts.kind IS '任务类型，同 visit_tasks.kind';
COMMENT ON COLUMN visit_task_counts.plan_id IS '所属走访计划（按频次生成的任务为 0）';
COMMENT ON COLUMN visit_task_counts.open IS '待走访任务数';
COMMENT ON COLUMN visit_task_counts.done IS '已走访任务数';
COMMENT ON COLUMN visit_task_counts.cancelled IS '已取消任务数';

-- One statement's change to visit_tasks, netted per key and added to the counts in key order (so two transactions
-- touching the same keys lock them in the same order). An update's net change may be negative: the candidate row of
-- INSERT … ON CONFLICT is checked before the conflict is found, which is why the counts carry no CHECK (>= 0).
CREATE FUNCTION visit_task_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO visit_task_counts AS c (township_code, due_on, kind, plan_id, open, done, cancelled)
    SELECT left(region_code, 9) || '000', due_on, kind, coalesce(plan_id, 0),
           count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'cancelled')
    FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (township_code, due_on, kind, plan_id)
    DO UPDATE SET open = c.open + excluded.open, done = c.done + excluded.done, cancelled = c.cancelled + excluded.cancelled;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE visit_task_counts c SET open = c.open - d.open, done = c.done - d.done, cancelled = c.cancelled - d.cancelled
    FROM (
      SELECT left(region_code, 9) || '000' AS township_code, due_on, kind, coalesce(plan_id, 0) AS plan_id,
             count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'done') AS done,
             count(*) FILTER (WHERE status = 'cancelled') AS cancelled
      FROM old_rows GROUP BY 1, 2, 3, 4
    ) d
    WHERE c.township_code = d.township_code AND c.due_on = d.due_on AND c.kind = d.kind AND c.plan_id = d.plan_id;
  ELSE
    INSERT INTO visit_task_counts AS c (township_code, due_on, kind, plan_id, open, done, cancelled)
    SELECT township_code, due_on, kind, plan_id, sum(open), sum(done), sum(cancelled)
    FROM (
      SELECT left(region_code, 9) || '000' AS township_code, due_on, kind, coalesce(plan_id, 0) AS plan_id,
             (status = 'open')::int AS open, (status = 'done')::int AS done, (status = 'cancelled')::int AS cancelled
      FROM new_rows
      UNION ALL
      SELECT left(region_code, 9) || '000', due_on, kind, coalesce(plan_id, 0),
             -(status = 'open')::int, -(status = 'done')::int, -(status = 'cancelled')::int
      FROM old_rows
    ) d
    GROUP BY 1, 2, 3, 4 HAVING sum(open) <> 0 OR sum(done) <> 0 OR sum(cancelled) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (township_code, due_on, kind, plan_id)
    DO UPDATE SET open = c.open + excluded.open, done = c.done + excluded.done, cancelled = c.cancelled + excluded.cancelled;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION visit_task_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE visit_task_counts;
  RETURN NULL;
END
$$;

CREATE TRIGGER visit_task_counts_insert AFTER INSERT ON visit_tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION visit_task_counts_apply();
CREATE TRIGGER visit_task_counts_update AFTER UPDATE ON visit_tasks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION visit_task_counts_apply();
CREATE TRIGGER visit_task_counts_delete AFTER DELETE ON visit_tasks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION visit_task_counts_apply();
CREATE TRIGGER visit_task_counts_truncate AFTER TRUNCATE ON visit_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION visit_task_counts_truncate();

INSERT INTO visit_task_counts (township_code, due_on, kind, plan_id, open, done, cancelled)
SELECT left(region_code, 9) || '000', due_on, kind, coalesce(plan_id, 0),
       count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'cancelled')
FROM visit_tasks GROUP BY 1, 2, 3, 4;
