-- Projection of the Repository event stream.
create table repository (
    repository_id   uuid        primary key,
    account_id      text        not null,
    region          text        not null,
    name            text        not null,
    description     text,
    arn             text        not null,
    kms_key_id      text,
    creation_date   timestamptz not null,
    last_modified   timestamptz not null,
    constraint repository_name_unique unique (account_id, region, name)
);

-- Projection of key-service's KeyProvisioned events: the aws/codecommit key of each account and region.
create table region_key (
    account_id text not null,
    region     text not null,
    key_arn    text not null,
    primary key (account_id, region)
);
