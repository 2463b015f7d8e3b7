-- The OAuth 2.0 clients that may obtain tokens (the CDC dataflow, operators, administrators).
create table oauth_client (
    client_id              varchar(100) primary key,
    description            varchar(255),
    enabled                boolean      not null default true,
    -- space-delimited, as in the OAuth 2.0 scope parameter
    allowed_scopes         varchar(1000) not null,
    token_lifetime_seconds integer      not null default 3600,
    created_at             timestamptz  not null,
    updated_at             timestamptz  not null
);
