-- Shared by every service, created in the service's own schema (Flyway's default schema).

-- The event store: the service's source of truth. One row per event, in commit order.
create table event_store (
    position          bigserial primary key,
    event_id          uuid        not null unique,
    aggregate_type    text        not null,
    aggregate_id      text        not null,
    aggregate_version bigint      not null,
    type              text        not null,
    schema_version    int         not null,
    occurred_at       timestamptz not null,
    envelope          jsonb       not null,
    -- optimistic concurrency: two writers of the same aggregate version cannot both commit
    constraint event_store_aggregate_version unique (aggregate_type, aggregate_id, aggregate_version)
);

-- The transactional outbox: written in the same transaction as the event store, drained by the relay.
create table outbox (
    id          bigserial primary key,
    event_id    uuid        not null,
    topic       text        not null,
    message_key text        not null,
    message     text        not null,
    created_at  timestamptz not null default now()
);

-- The inbox: events a consumer has applied, so a redelivered event is applied once.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
