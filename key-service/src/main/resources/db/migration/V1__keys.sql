-- Projection of the Key event stream.
create table kms_key (
    key_id        uuid        primary key,
    arn           text        not null unique,
    account_id    text        not null,
    region        text        not null,
    key_manager   text        not null,
    key_state     text        not null,
    key_spec      text        not null,
    key_usage     text        not null,
    origin        text        not null,
    description   text        not null default '',
    creation_date timestamptz not null
);

-- Aliases; the primary key is what makes "exactly one aws/codecommit key per account and region" hold across
-- replicas: a second provisioner's insert waits for the first and then finds the alias taken.
create table kms_alias (
    account_id    text        not null,
    region        text        not null,
    alias_name    text        not null,
    key_id        uuid        not null references kms_key (key_id) deferrable initially deferred,
    creation_date timestamptz not null,
    primary key (account_id, region, alias_name)
);

-- Key material, wrapped under the root key (AES-256-GCM). Never in events, never in plaintext.
create table key_material (
    key_id           uuid        not null references kms_key (key_id) deferrable initially deferred,
    material_version int         not null,
    wrapped          bytea       not null,
    created_at       timestamptz not null default now(),
    primary key (key_id, material_version)
);
