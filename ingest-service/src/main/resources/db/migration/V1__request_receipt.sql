-- One row per accepted ingest request, so an operator can answer "did CDC job X land?" from its request id.
create table request_receipt (
    request_id  uuid         primary key,
    client_id   varchar(100) not null,
    received_at timestamptz  not null,
    accepted    integer      not null,
    rejected    integer      not null,
    superseded  integer      not null
);
create index request_receipt_client_received on request_receipt (client_id, received_at);
