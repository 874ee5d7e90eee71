-- Issue 12, the rule-change preview replays only the requested period and the events that shaped its state
-- (operations.preview.RulePreview). It finds them through these indexes instead of reading the whole history: the
-- period's events by business date, and the earlier postings of the same sales orders by finance_document.order_ref.
create index ix_canonical_event_business_date on canonical_event (business_date);
create index ix_finance_document_order_ref on finance_document (order_ref);
