-- H2 only (spring.flyway.locations adds db/vendor/{vendor}): identity values in blocks of 1,000 instead of H2's 32.
--
-- Why: H2 writes a sequence's high-water mark with a store commit of its own each time a block is used up, and with
-- WRITE_DELAY=0 that commit writes the database file. At 32 values a block, the identity flushes were 12 % of the
-- posting threads' samples and 6 % of the intake thread's in the profile of docs/performance.md (issue 10).
--
-- Safe: H2 keeps one counter per sequence for all sessions, so values still grow in commit-independent insertion
-- order (held_seq and posted_seq are read in that order); after a crash the sequence resumes above the last block
-- written, so a value is never used twice; the cost is a gap of up to 1,000 values after a crash.
-- Not for PostgreSQL: there a cache is per session, so two connections would hand out values out of order.
alter table event_audit alter column id set cache 1000;
alter table finance_document alter column id set cache 1000;
alter table erp_if_invoice_header alter column id set cache 1000;
alter table erp_if_journal_header alter column id set cache 1000;
alter table erp_delivery_log alter column id set cache 1000;
alter table posting_return_hold alter column held_seq set cache 1000;
alter table posting_receipt alter column posted_seq set cache 1000;
alter table hub_exception alter column id set cache 1000;
