-- The operators' overview: what every replica of a connector did, per minute, and what each replica last reported.
-- Each replica adds its own counts to the minute's row (count = count + delta), so a row is the sum over replicas.
create table delivery_activity (
    connector      varchar(100) not null,
    minute         timestamptz  not null,
    delivered      bigint       not null default 0,
    skipped_stale  bigint       not null default 0,
    retried        bigint       not null default 0,
    dead_lettered  bigint       not null default 0,
    primary key (connector, minute)
);
-- Each replica's last report: its requests at the target and whether it counts the target as down.
create table delivery_replica (
    connector      varchar(100) not null,
    replica        varchar(200) not null,
    in_flight      integer      not null,
    target_down    boolean      not null,
    reported_at    timestamptz  not null,
    primary key (connector, replica)
);
