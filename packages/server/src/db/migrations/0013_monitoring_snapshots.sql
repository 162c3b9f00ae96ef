-- Which writes an evaluation saw, by transaction instead of by time. changed_at (the start of the writing transaction)
-- against monitored_at (the start of the sweep's write) missed a change committed while the sweep was evaluating the
-- household: the sweep read the household before the change was committed, then marked it evaluated after it, so the
-- change looked evaluated and was not until the household was written again.
--  * changed_xact: the transaction that last wrote the household row or one of its members (set by the triggers);
--  * monitored_xmin: the oldest transaction still running when the sweep read the household for its last evaluation
--    (the xmin of the reading statement's snapshot). Every transaction below it had ended by then, so its writes were
--    read. A household is to be evaluated again when changed_xact >= monitored_xmin: the write may not have been read.
--    Transactions in between that had in fact ended are evaluated once more: never one too few.

ALTER TABLE household_monitoring ADD COLUMN changed_xact xid8, ADD COLUMN monitored_xmin xid8;
COMMENT ON COLUMN household_monitoring.changed_xact IS '最近一次写入家庭或其成员的事务号（由触发器写入）';
COMMENT ON COLUMN household_monitoring.monitored_xmin IS
  '最近一次评估读取家庭时尚未结束的最早事务号：小于它的事务的写入都已被读到；changed_xact 不小于它时需重新评估';

-- Evaluated households keep their state: what was pending stays pending (written by this transaction, which the
-- snapshot below does not cover), the rest is settled up to now (no transaction runs beside a migration).
UPDATE household_monitoring SET monitored_xmin = pg_snapshot_xmin(pg_current_snapshot()) WHERE monitored_at IS NOT NULL;
UPDATE household_monitoring SET changed_xact = pg_current_xact_id()
  WHERE monitored_at IS NOT NULL AND changed_at > monitored_at;

DROP INDEX household_monitoring_pending_idx;
CREATE INDEX household_monitoring_pending_idx ON household_monitoring (region_code)
  WHERE monitored_at IS NULL OR changed_xact >= monitored_xmin;

CREATE OR REPLACE FUNCTION household_monitoring_households() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO household_monitoring (household_id, region_code, changed_xact) SELECT id, region_code, pg_current_xact_id() FROM new_rows;
  ELSE
    UPDATE household_monitoring m SET changed_at = now(), changed_xact = pg_current_xact_id(), region_code = n.region_code
    FROM new_rows n WHERE m.household_id = n.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION household_monitoring_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE household_monitoring m SET changed_at = now(), changed_xact = pg_current_xact_id()
    WHERE m.household_id IN (SELECT household_id FROM new_rows) AND m.changed_xact IS DISTINCT FROM pg_current_xact_id();
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE household_monitoring m SET changed_at = now(), changed_xact = pg_current_xact_id()
    WHERE m.household_id IN (SELECT household_id FROM old_rows) AND m.changed_xact IS DISTINCT FROM pg_current_xact_id();
  ELSE
    UPDATE household_monitoring m SET changed_at = now(), changed_xact = pg_current_xact_id()
    WHERE m.household_id IN (SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows)
      AND m.changed_xact IS DISTINCT FROM pg_current_xact_id();
  END IF;
  RETURN NULL;
END
$$;
