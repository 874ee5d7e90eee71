-- Issue 12, files in flight: how many business documents a received file holds, known once its content was checked
-- (CSV: the check pass before the first document is handed on; JSON: one). Null until then, and for EDI files, whose
-- sets are counted as they are read. The progress itself (read, queued, posted, failed) is derived from
-- canonical_event and hub_exception, which already say what became of each document.
alter table raw_file add column document_count integer;
