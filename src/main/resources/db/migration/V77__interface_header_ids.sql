-- An interface header takes the id of the finance document it carries (InterfaceTableAdapter), no longer one from its
-- table's identity at the insert: a posting batch then writes invoice and journal headers with their lines when it
-- commits, one JDBC batch per table, instead of one round trip per header for its generated id, three a shipment
-- (docs/performance.md, issue 10, thirty-third pass). A finance document writes at most one header of each table, so
-- the id is unique in each. V78 (db/vendor/{vendor}) moves finance_document_ids above every id the identities gave.
-- Dropping the identity makes an insert without an id fail at once instead of taking an id a document will take.
alter table erp_if_invoice_header alter column id drop identity;
alter table erp_if_journal_header alter column id drop identity;
