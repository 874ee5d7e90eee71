-- The KPI gauges (operations.kpi, refreshed every 30 s) and GET /api/v1/kpis read the documents posted in a window
-- (automation rate: 7 days; throughput: 24 hours): without this index each refresh would scan every document ever posted.
create index ix_finance_document_created on finance_document (created_at);
