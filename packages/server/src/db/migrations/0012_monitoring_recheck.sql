-- An incremental monitoring sweep finds the households to evaluate from the household row alone:
--  * facts_changed_at is now also set when a member of the household is added, changed, moved or removed, by a
--    statement trigger on members (before, the sweep scanned the county's members for updated_at);
--  * recheck_on is the first day on which the household's evaluation may change without any write to it (a member
--    reaching a rule age, a spending fact entering or leaving the 12-month window, a category period starting or
--    ending, a recorded death date arriving), written by the sweep with monitored_at (before, the sweep scanned the
--    county's members' birth dates and facts' dates for every sweep);
--  * warnings.digest fingerprints a warning's reasons and trail, so that the sweep compares an open warning with the
--    new evaluation without reading both documents back.

ALTER TABLE households ADD COLUMN recheck_on date;
COMMENT ON COLUMN households.recheck_on IS
  '下次需重新监测评估的日期：成员年满规则所用年龄、支出记录进入或移出近12个月、救助类别开始或结束、死亡日期到达等，由监测批次评估时写入；为空表示没有将到来的变化';
COMMENT ON COLUMN households.facts_changed_at IS
  '规则所读事实最近变化的时间：成员增加、修改、迁移或删除（触发器维护），或收到新的其他部门比对记录；增量监测把此后未重新评估的家庭视为有变化';

-- Households never evaluated (monitored_at null) are in every incremental sweep anyway and are left alone, so a
-- registry import of new households costs one index probe per household here, not a second write.
CREATE FUNCTION households_member_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE households h SET facts_changed_at = now()
    WHERE h.id IN (SELECT household_id FROM new_rows)
      AND h.monitored_at IS NOT NULL AND h.facts_changed_at IS DISTINCT FROM now();
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE households h SET facts_changed_at = now()
    WHERE h.id IN (SELECT household_id FROM old_rows)
      AND h.monitored_at IS NOT NULL AND h.facts_changed_at IS DISTINCT FROM now();
  ELSE
    UPDATE households h SET facts_changed_at = now()
    WHERE h.id IN (SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows)
      AND h.monitored_at IS NOT NULL AND h.facts_changed_at IS DISTINCT FROM now();
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER members_facts_changed_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION households_member_facts_changed();
CREATE TRIGGER members_facts_changed_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION households_member_facts_changed();
CREATE TRIGGER members_facts_changed_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION households_member_facts_changed();

-- Households evaluated before this change have no recheck date yet: the next sweep evaluates them again and sets it.
UPDATE households SET recheck_on = monitored_at::date WHERE monitored_at IS NOT NULL;

ALTER TABLE warnings ADD COLUMN digest text;
COMMENT ON COLUMN warnings.digest IS '预警原因与依据的指纹（监测批次据此判断原因是否变化；为空时下次评估重写原因）';
