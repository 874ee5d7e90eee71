-- Several hub instances on one database (issue 13).
--
-- 1. Who holds a file read lock. The inbox routes' claim on a file (camel_messageprocessed, V6) is now taken by one
--    statement (insert, or take over a lock not renewed for the maximum age: io.dock2ledger.intake.FileReadLocks),
--    and renewed and released only by the instance that holds it. Nullable: a row written by an instance of the
--    previous release (Camel's repository) has no holder and is still honoured while it is renewed.
alter table camel_messageprocessed add column holder varchar(200);

-- 2. Singleton jobs (overdue acknowledgments, the sweeper of unsettled events, stuck inbox files, ...): one instance
--    at a time holds a job's lease and runs it; the others skip their timer's turn. A lease not renewed by its
--    expiry (the holder died) is taken by the next instance whose timer fires (io.dock2ledger.operations.SingletonJobs).
create table hub_job_lease (
    job        varchar(100) not null,
    holder     varchar(200) not null,
    expires_at timestamp    not null,
    primary key (job)
);
