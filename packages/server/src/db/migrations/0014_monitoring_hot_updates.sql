-- The rows the monitoring sweep rewrites every night are rewritten in place (heap-only tuple updates) instead of as new
-- row versions that every index of the table must point to again.
--
-- A nightly run finds every page it writes untouched since the last checkpoint, so each page it changes is logged in
-- full, index pages included. Measured on a 1,000,000-person registry: right after a checkpoint, rewriting the reasons
-- of 3,000 open warnings logged 8,961 full pages (65 MB) in 431 ms as new versions, 2,962 (21 MB) in 115 ms in place;
-- marking 2,000 households evaluated (no checkpoint before) took 130 ms with four log records a row as new versions,
-- 55 ms with about one in place.
--  * household_monitoring: the partial index of pending rows is dropped. Its condition reads monitored_xmin and
--    changed_xact, which the sweep and the registry's triggers write on every evaluation and every edit, so no update of
--    the table could stay in place. The incremental listing reads the region's rows through household_monitoring_region_idx
--    (a province's 547,238 rows in about 70 ms, the plan PostgreSQL already chose over the partial index, since the
--    listing also asks for due recheck dates). The table keeps a fifth of each page free for the new versions.
--  * warnings: a fifth of each page is kept free, so that new reasons for an open warning (its figures changed) go in
--    beside the old version. Closing a warning changes its status, which is indexed, and is still a new version.

DROP INDEX household_monitoring_pending_idx;
ALTER TABLE household_monitoring SET (fillfactor = 80);
ALTER TABLE warnings SET (fillfactor = 80);
