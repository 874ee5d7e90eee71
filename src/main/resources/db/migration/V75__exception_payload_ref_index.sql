-- The broker's dead letters are recorded once each: BrokerDeadLetters looks a message up by its payload_ref
-- (jms:DLQ#<message id>) every check while it stays in the queue.
create index ix_hub_exception_payload_ref on hub_exception (payload_ref);
