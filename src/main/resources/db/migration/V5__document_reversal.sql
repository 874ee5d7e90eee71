-- Who reversed which posted document, when and why. One reversal per document: reversing twice is refused.
create table document_reversal (
    original_number varchar(40)   primary key,
    reversal_number varchar(40)   not null unique,
    reversed_by     varchar(128)  not null,
    reason          varchar(1000) not null,
    reversed_at     timestamp with time zone not null
);
