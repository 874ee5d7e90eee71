-- Finance document ids come from a sequence the hub reads before it stores a document (FinanceDocumentStore), no
-- longer from the table's identity at the insert: a posting batch then inserts each document's header once, final,
-- with the batch's other rows at commit, instead of inserting it at once for its generated id and updating it after
-- delivery (docs/performance.md, issue 10, twelfth pass). V71 (db/vendor/{vendor}) starts the sequence above every id
-- the identity gave. Dropping the identity makes an insert without an id fail at once.
create sequence finance_document_ids;

alter table finance_document alter column id drop identity;
