-- The events a person replayed (POST /api/v1/replay), one row each, by arrival number, written by the replay itself.
--
-- Why (docs/performance.md, issue 10, seventeenth pass): the automation KPI counts a replayed event as touched by a
-- person. It found that out from the event's audit trail, a lookup of every audit row of every posted document's
-- event at each refresh (20-25 µs a document on a large H2 file, most of it page reads). Replays are rare, so this
-- table stays small and its pages stay in the cache. Who replayed, when and why stays in the audit trail (REDRIVEN).
create table replayed_event (
    event_seq        bigint    not null primary key,
    first_replayed_at timestamp not null
);

insert into replayed_event (event_seq, first_replayed_at)
select event_seq, min(at) from event_audit
where stage = 'REDRIVEN' and detail like 'replayed by %' and event_seq is not null
group by event_seq;
