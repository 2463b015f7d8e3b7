-- Delta tracking: per connector and CDC UID, the last version the target confirmed.
-- connector-core owns migration versions 1 to 99 in every connector's schema; a connector's own start at 100.
create table delivery_state (
    connector        varchar(100)  not null,
    uid              varchar(255)  not null,
    changed_at       timestamptz   not null,
    source_topic     varchar(249)  not null,
    source_partition integer       not null,
    source_offset    bigint        not null,
    target_id        varchar(255),
    updated_at       timestamptz   not null,
    primary key (connector, uid)
);
