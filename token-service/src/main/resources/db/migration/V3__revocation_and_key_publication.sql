-- Revocation: a client's tokens issued before not_before no longer count, from effective_at on (at once when the
-- client is disabled or its secret rotated without grace; at the end of the grace period otherwise). Verifiers poll
-- the list at /oauth/revocations. A row matters until every token it concerns has expired (max token lifetime).
create table token_revocation (
    id           bigserial    primary key,
    client_id    varchar(100) not null references oauth_client (client_id) on delete cascade,
    not_before   timestamptz  not null,
    effective_at timestamptz  not null
);
create index token_revocation_not_before on token_revocation (not_before);

-- The latest revocation of the client: a token issued before it is never handed out again (token reuse), and none is
-- issued with an earlier iat.
alter table oauth_client add column tokens_not_before timestamptz;

-- A key is published from created_at, signs from activates_at (later, so every verifier has fetched it first), and
-- an emergency rotation revokes it: it leaves the JWKS at once and is listed as revoked until its tokens expire.
alter table signing_key add column activates_at timestamptz;
update signing_key set activates_at = created_at;
alter table signing_key alter column activates_at set not null;
alter table signing_key add column revoked_at timestamptz;
