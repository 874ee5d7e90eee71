-- H2: start finance_document_ids (V70) above every id finance_document's identity gave, and hand its values out of
-- memory in blocks of 1,000 like the identities of V61 (H2 writes a sequence's high-water mark with a store commit
-- of its own each time a block is used up). PostgreSQL's V71 does the first with setval.
alter sequence finance_document_ids restart with (select coalesce(max(id), 0) + 1 from finance_document);
alter sequence finance_document_ids cache 1000;
