-- What key-service last recorded of the identities file, so each change becomes events exactly once, whichever
-- replica sees it first. Rebuildable from the IdentityDirectory aggregate's events.
create table identity_entity (
    kind        text not null,
    name        text not null,
    fingerprint text not null,
    payload     text not null,
    primary key (kind, name)
);

create table identity_record (
    id                int primary key check (id = 1),
    aggregate_version bigint not null,
    directory_version text not null
);
