-- Every accepted event ends settled: canonical_event.status moves from ACCEPTED (queued for posting) or WAITING (for
-- another event) to POSTED, NOTHING_TO_POST, DUPLICATE or FAILED (an exception holds it) in the same transaction that
-- decides it. The unsettled-events sweeper looks for events that stay ACCEPTED or WAITING too long: after a crash, an
-- event whose message was lost (docs/reliability.md) is found, re-driven or reported, never silently forgotten.
create index ix_canonical_event_status on canonical_event (status, received_at);

-- Events decided before this migration: their audit trail or an exception says how.
update canonical_event set status = 'POSTED' where status = 'ACCEPTED'
    and exists (select 1 from event_audit a where a.event_id = canonical_event.event_id and a.stage = 'POSTED');
update canonical_event set status = 'NOTHING_TO_POST' where status = 'ACCEPTED'
    and exists (select 1 from event_audit a where a.event_id = canonical_event.event_id and a.stage = 'NOTHING_TO_POST');
update canonical_event set status = 'FAILED' where status = 'ACCEPTED'
    and exists (select 1 from hub_exception x where x.event_id = canonical_event.event_id);
update canonical_event set status = 'DUPLICATE' where status = 'ACCEPTED'
    and exists (select 1 from event_audit a where a.event_id = canonical_event.event_id and a.stage = 'DUPLICATE');
