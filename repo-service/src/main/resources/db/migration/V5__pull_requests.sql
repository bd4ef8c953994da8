-- Texts of a repository that are not Git data (pull request titles and descriptions), each a message sealed under
-- the repository's key through crypto-service: its header (with the wrapped data key) and its frames. Deleting the
-- rows shreds the texts; a key change re-wraps the headers, as for packs.
create table sealed_text (
    text_id       uuid  primary key,
    repository_id uuid  not null,
    header        bytea not null,
    frames        bytea not null
);
create index sealed_text_repository on sealed_text (repository_id);

-- Pull request IDs are numbers, as in CodeCommit, taken before the PullRequestCreated event that carries them.
create sequence pull_request_number;

-- Projection of the PullRequest aggregate for the queries that find pull requests: by repository, status and
-- author, by a create's idempotency token, by the branches a push moved, and a call's repository by pull request.
-- Everything else is read from the pull request's own events.
create table pull_request (
    pull_request_id      bigint      primary key,
    account_id           text        not null,
    region               text        not null,
    repository_id        uuid        not null,
    author_arn           text        not null,
    status               text        not null,
    source_reference     text        not null,
    destination_reference text       not null,
    client_request_token text,
    last_activity_date   timestamptz not null
);
create index pull_request_repository on pull_request (repository_id, status, pull_request_id);
create index pull_request_branches on pull_request (repository_id, source_reference, destination_reference)
    where status = 'OPEN';
create unique index pull_request_token on pull_request (account_id, region, author_arn, client_request_token);
