-- Operators' forced re-syncs: the confirmed version of chosen UIDs (or all) goes out again. The audit of each (who,
-- when, which UIDs, the counts); the records themselves are copies of the confirmed ones, put back on the topic.
create table resync (
    id             uuid          primary key,
    connector      varchar(100)  not null,
    requested_by   varchar(255)  not null,
    requested_at   timestamptz   not null,
    -- The UIDs as asked, or null for all of the connector's delivery state.
    uids           jsonb,
    max_per_second integer       not null,
    -- running, done, failed
    status         varchar(20)   not null,
    requested      integer       not null,
    produced       integer       not null default 0,
    -- UIDs without a confirmed version, or whose confirmed record Kafka no longer holds (retention).
    missing        integer       not null default 0,
    updated_at     timestamptz   not null,
    finished_at    timestamptz,
    error          text
);
