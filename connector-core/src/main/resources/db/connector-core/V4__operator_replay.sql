-- Operators' replays of dead letters: the audit of every replay and dry run (who, when, what was asked, the counts)
-- and, for a replay that runs, the claim of the replica running it and the position it resumes from after a crash.
create table replay (
    id               uuid          primary key,
    connector        varchar(100)  not null,
    requested_by     varchar(255)  not null,
    requested_at     timestamptz   not null,
    -- The filter, limit and rate as the operator asked them.
    request          jsonb         not null,
    dry_run          boolean       not null,
    -- running, paused, cancelled, done, failed
    status           varchar(20)   not null,
    -- Per partition of the dead-letter topic, its end offset when the replay was asked: what came later is not in it.
    dead_letter_end  jsonb         not null,
    -- Per partition of the dead-letter topic, the next offset to consider.
    position         jsonb         not null,
    -- The record being produced now: which dead letter, to which topic and partition, and that partition's end
    -- before the send. After a crash, reading the partition from there tells whether the send went through.
    in_flight        jsonb,
    matched          integer       not null,
    replayed         integer       not null default 0,
    stale            integer       not null default 0,
    excluded         integer       not null default 0,
    owner            varchar(255),
    lease_until      timestamptz,
    updated_at       timestamptz   not null,
    finished_at      timestamptz,
    error            text
);
create index replay_by_status on replay (connector, status);
