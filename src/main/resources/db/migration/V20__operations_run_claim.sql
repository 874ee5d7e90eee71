-- Scheduled operations jobs (the daily reconciliation) run on one hub instance only when several share the database:
-- the instance that inserts the row for (job, run key) first runs it. A claim whose instance died while RUNNING is
-- taken over once its lease has passed (claimed_at older than the lease), so a crash never skips a day for good.
create table operations_run_claim (
    job         varchar(64)   not null,
    run_key     varchar(64)   not null,
    claimed_by  varchar(128)  not null,
    claimed_at  timestamp with time zone not null,
    status      varchar(16)   not null,
    finished_at timestamp with time zone,
    outcome     varchar(4000),
    primary key (job, run_key)
);
