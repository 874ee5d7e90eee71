-- Cluster-safe read locks of the partner inbox route (Camel's JdbcMessageIdRepository, read lock
-- "idempotent-changed"): a hub instance may read a file only after inserting its path here. The primary key makes
-- the claim atomic across instances sharing this database; the row is removed when the file has been moved.
-- Camel's own create statement would limit messageId to 100 characters, too short for absolute file paths.
create table camel_messageprocessed (
    processorname varchar(255)  not null,
    messageid     varchar(1024) not null,
    createdat     timestamp     not null,
    primary key (processorname, messageid)
);
