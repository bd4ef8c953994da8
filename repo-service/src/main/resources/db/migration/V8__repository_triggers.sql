-- Projection of RepositoryTriggersUpdated: each repository's triggers as last put (the event's payload).
create table repository_trigger_configuration (
    repository_id uuid  primary key,
    configuration jsonb not null
);
