-- Client secrets, stored only as slow salted hashes. Two may be valid at once while a rotation's grace period runs.
create table client_secret (
    id          bigserial    primary key,
    client_id   varchar(100) not null references oauth_client (client_id) on delete cascade,
    -- pbkdf2-sha512$<iterations>$<salt, base64>$<hash, base64>
    hash        varchar(255) not null,
    created_at  timestamptz  not null,
    -- null: valid until the next rotation; set: the end of a rotation's grace period
    expires_at  timestamptz
);
create index client_secret_client on client_secret (client_id);

-- Token signing keys, shared by every replica. The newest key that is not retired signs; every key in the table is
-- published in the JWKS until it expires, that is until every token it signed has expired.
create table signing_key (
    kid         varchar(64)  primary key,
    algorithm   varchar(16)  not null,
    public_jwk  text         not null,
    -- AES-256-GCM under the key-encryption key: 12-byte nonce followed by the ciphertext of the PKCS#8 key
    private_key bytea        not null,
    created_at  timestamptz  not null,
    retired_at  timestamptz,
    expires_at  timestamptz
);
