-- The expiry job's index of open attempts was partial on status = 'IN_PROGRESS'. Every hot statement that finds an
-- attempt by id and requires it open carries that same condition, and once its parameter is planned as a value the
-- condition matches the index predicate: whenever the statistics say few attempts are open (just after an ANALYZE of
-- a quiet table, or on a server without autovacuum), PostgreSQL scans that whole index — every open attempt, per
-- answer, at peak — instead of taking one row by primary key. The index now keys on finished_at, which no hot
-- statement tests, and a check keeps status and finished_at in step so the two mean the same.
alter table attempt add constraint attempt_open_iff_unfinished
    check ((status = 'IN_PROGRESS') = (finished_at is null));
drop index attempt_open_deadline_idx;
create index attempt_unfinished_deadline_idx on attempt (deadline_at) where finished_at is null;
