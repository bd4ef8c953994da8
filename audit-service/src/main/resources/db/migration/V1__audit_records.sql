-- The audit store: one row per CloudTrail record, append-only.
create table audit_record (
    position      bigserial   primary key,
    event_id      uuid        not null unique,
    event_time    timestamptz not null,
    event_source  text        not null,
    event_name    text        not null,
    account_id    text        not null,
    region        text        not null,
    user_name     text,
    access_key_id text,
    repository_id text,
    read_only     boolean     not null,
    error_code    text,
    record        jsonb       not null
);

-- newest first, per account, optionally per repository
create index audit_record_account_time on audit_record (account_id, event_time desc, position desc);
create index audit_record_repository_time on audit_record (repository_id, event_time desc, position desc)
    where repository_id is not null;
