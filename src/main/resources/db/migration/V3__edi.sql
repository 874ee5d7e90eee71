-- EDI: outbound control numbers and inbound interchange duplicate detection.
-- Portable SQL: runs on H2 (PostgreSQL mode) and PostgreSQL.

-- One sequence per partner and kind (ISA, GS, UNB). Incremented with UPDATE (row lock) then read in the same
-- transaction, so concurrent hub instances never share a number.
create table edi_control_number (
    partner    varchar(64) not null,
    kind       varchar(16) not null,
    last_value bigint      not null,
    primary key (partner, kind)
);

-- Every inbound interchange claimed for processing. The primary key is what makes an interchange a duplicate: the
-- same sender (qualifier + id) and control number. Insert-if-absent on this key lets only one instance accept it.
create table edi_interchange (
    sender_qualifier varchar(4)   not null,
    sender_id        varchar(35)  not null,
    control_number   varchar(35)  not null,
    partner          varchar(64),
    received_at      timestamp with time zone not null,
    completed_at     timestamp with time zone,
    file_checksum    char(64),
    status           varchar(24)  not null,
    primary key (sender_qualifier, sender_id, control_number)
);
create index ix_edi_interchange_received on edi_interchange (received_at);
