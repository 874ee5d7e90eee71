-- PostgreSQL: interface headers now take their finance document's id (V77), so finance_document_ids starts above every
-- id their identities gave too; a new document's id can then never be one an older header holds.
select setval('finance_document_ids', greatest(
    (select coalesce(max(id), 0) from finance_document),
    (select coalesce(max(id), 0) from erp_if_invoice_header),
    (select coalesce(max(id), 0) from erp_if_journal_header)) + 1, false);
