-- One concurrency budget per SAP tenant, shared by every replica of a connector (see TenantBudget).
-- The budget's slots: a replica may have one request at its target per slot it leases, until expires_at.
create table concurrency_lease (
    budget     varchar(100) not null,
    slot       integer      not null,
    holder     varchar(200),
    expires_at timestamptz  not null default '-infinity',
    primary key (budget, slot)
);
-- The replicas that share a budget, each seen until its last heartbeat plus the lease time: they split the slots.
create table budget_member (
    budget     varchar(100) not null,
    holder     varchar(200) not null,
    seen_until timestamptz  not null,
    primary key (budget, holder)
);
