-- Each key's last successful cryptographic operation (GetKeyLastUsage): the newest write wins across replicas.
create table kms_key_last_usage (
    key_id              uuid        primary key,
    operation           text        not null,
    used_at             timestamptz not null,
    cloudtrail_event_id uuid        not null,
    request_id          text        not null
);

-- When tracking began: GetKeyLastUsage's TrackingStartDate.
create table kms_usage_tracking (
    id         int         primary key check (id = 1),
    started_at timestamptz not null
);
insert into kms_usage_tracking (id, started_at) values (1, date_trunc('milliseconds', now()));
