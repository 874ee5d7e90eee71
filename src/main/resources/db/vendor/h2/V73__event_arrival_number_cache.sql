-- H2: hand canonical_event_numbers (V72) out of memory in blocks of 1,000, like finance_document_ids (V71) and the
-- identities of V61: H2 writes a sequence's high-water mark with a store commit of its own each time a block is used
-- up. PostgreSQL keeps the default (no cache): nextval runs inside the event's insert, with no round trip of its own.
alter sequence canonical_event_numbers cache 1000;
