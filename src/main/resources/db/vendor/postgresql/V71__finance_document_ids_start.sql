-- PostgreSQL: start finance_document_ids (V70) above every id finance_document's identity gave. No cache: on
-- PostgreSQL a sequence's cache is per session, so two connections would take ids out of order, and the delivery
-- outbox sends an order's documents in id order.
select setval('finance_document_ids', (select coalesce(max(id), 0) + 1 from finance_document), false);
