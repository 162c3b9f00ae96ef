-- What an incremental monitoring sweep needs to know about each household, in a narrow table of its own:
--  * changed_at is set by statement triggers whenever the household row or one of its members is written (added,
--    changed, moved or removed); departmental facts arrive through households.facts_changed_at, a household write.
--    Before, the sweep scanned the county's members for updated_at;
--  * recheck_on is the first day on which the household's evaluation may change without any write to it (a member
--    reaching a rule age, a spending fact entering or leaving the 12-month window, a category period starting or
--    ending, a recorded death date arriving), written by the sweep with monitored_at. Before, the sweep scanned the
--    county's members' birth dates and facts' dates for every sweep;
--  * the sweep lists the households to evaluate from this table alone (a few dozen bytes a household, against the
--    household row's several hundred) and marks them evaluated here, without rewriting the household row.
-- warnings.digest fingerprints a warning's reasons and trail, so that the sweep compares an open warning with the new
-- evaluation without reading both documents back.

CREATE TABLE household_monitoring (
  household_id bigint      NOT NULL,
  region_code  varchar(12) NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  monitored_at timestamptz,
  recheck_on   date,
  CONSTRAINT household_monitoring_pkey PRIMARY KEY (household_id),
  CONSTRAINT household_monitoring_household_fkey FOREIGN KEY (household_id) REFERENCES households (id) ON DELETE CASCADE
);
CREATE INDEX household_monitoring_region_idx ON household_monitoring (region_code);
-- An incremental sweep's listing: the households written since they were evaluated (a small part of the table), and
-- those whose recheck date has come, each from its own index instead of reading every household of the region.
CREATE INDEX household_monitoring_pending_idx ON household_monitoring (region_code)
  WHERE monitored_at IS NULL OR changed_at > monitored_at;
CREATE INDEX household_monitoring_recheck_idx ON household_monitoring (recheck_on, region_code);
COMMENT ON TABLE household_monitoring IS '家庭的动态监测状态：最近变化、最近评估、下次需重新评估的日期；由触发器与监测批次维护，增量监测据此确定评估范围';
COMMENT ON COLUMN household_monitoring.household_id IS '家庭';
COMMENT ON COLUMN household_monitoring.region_code IS '家庭所在村（社区），随家庭迁移由触发器同步';
COMMENT ON COLUMN household_monitoring.changed_at IS '家庭或其成员最近一次被写入（含收到其他部门比对记录）的时间';
COMMENT ON COLUMN household_monitoring.monitored_at IS '最近一次被监测批次评估的时间；为空表示尚未评估';
COMMENT ON COLUMN household_monitoring.recheck_on IS
  '下次需重新评估的日期：成员年满规则所用年龄、支出记录进入或移出近12个月、救助类别开始或结束、死亡日期到达等，由监测批次评估时写入；为空表示没有将到来的变化';

INSERT INTO household_monitoring (household_id, region_code, changed_at, monitored_at, recheck_on)
SELECT id, region_code, greatest(updated_at, coalesce(facts_changed_at, updated_at)), monitored_at,
       -- Households evaluated before this table existed have no recheck date yet: the next sweep evaluates them again.
       monitored_at::date
FROM households;
ALTER TABLE households DROP COLUMN monitored_at;

CREATE FUNCTION household_monitoring_households() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO household_monitoring (household_id, region_code) SELECT id, region_code FROM new_rows;
  ELSE
    UPDATE household_monitoring m SET changed_at = now(), region_code = n.region_code
    FROM new_rows n WHERE m.household_id = n.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION household_monitoring_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE household_monitoring m SET changed_at = now()
    WHERE m.household_id IN (SELECT household_id FROM new_rows) AND m.changed_at IS DISTINCT FROM now();
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE household_monitoring m SET changed_at = now()
    WHERE m.household_id IN (SELECT household_id FROM old_rows) AND m.changed_at IS DISTINCT FROM now();
  ELSE
    UPDATE household_monitoring m SET changed_at = now()
    WHERE m.household_id IN (SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows)
      AND m.changed_at IS DISTINCT FROM now();
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER household_monitoring_insert AFTER INSERT ON households
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_monitoring_households();
CREATE TRIGGER household_monitoring_update AFTER UPDATE ON households
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_monitoring_households();
CREATE TRIGGER household_monitoring_members_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_monitoring_members();
CREATE TRIGGER household_monitoring_members_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_monitoring_members();
CREATE TRIGGER household_monitoring_members_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION household_monitoring_members();

ALTER TABLE warnings ADD COLUMN digest text;
COMMENT ON COLUMN warnings.digest IS '预警原因与依据的指纹（监测批次据此判断原因是否变化；为空时下次评估重写原因）';
