-- Projection of the Repository aggregate's tags (RepositoryCreated, RepositoryTagged, RepositoryUntagged).
create table repository_tag (
    repository_id uuid not null,
    tag_key       text not null,
    tag_value     text not null,
    primary key (repository_id, tag_key)
);
