-- An event's canonical JSON moves to a table of its own, written once when the event is stored and never changed;
-- canonical_event keeps what changes (status) and what the hub searches by.
--
-- Why (docs/performance.md, issue 10, thirty-fifth pass): the posting updates canonical_event.status once an event, and
-- with the payload on the row every such update wrote the whole row again (~0.8 KB of JSON): on H2 a page of those rows
-- and their undo entries, on PostgreSQL a new row version (never in place: status is indexed). Measured with the
-- payload apart, alternated with the hub before it: on H2 20 % fewer bytes written to the file a line and 15 % less
-- CPU a line; on PostgreSQL 7 % less WAL a line.
--
-- Keyed by the event's arrival number (V72), which grows as events arrive, so a batch's payloads are appended to the
-- same pages; an event id (a content hash) would take a page each. No foreign key: seq has a unique index, not the
-- unique constraint a key needs on H2, and the hub writes a payload only from its event's row, in the transaction that
-- stores the event (insert ... select seq from canonical_event where event_id = ?), so none can name a missing event.
create table canonical_event_payload (
    seq     bigint primary key,
    payload text   not null
);

insert into canonical_event_payload (seq, payload) select seq, payload from canonical_event;

alter table canonical_event drop column payload;
