-- Projection of the Comment aggregate for the queries that find comments: by pull request, by compared commits, by
-- a post's idempotency token, and a call's repository by comment. Content and reactions are read from each comment's
-- own events; the content itself is a sealed_text.
create table comment (
    comment_id           uuid        primary key,
    -- the order comments were posted in (a rebuild replays them in the same order)
    position             bigserial   not null,
    account_id           text        not null,
    region               text        not null,
    repository_id        uuid        not null,
    pull_request_id      bigint,
    before_commit_id     text,
    after_commit_id      text        not null,
    author_arn           text        not null,
    client_request_token text,
    creation_date        timestamptz not null
);
create index comment_pull_request on comment (pull_request_id, position)
    where pull_request_id is not null;
create index comment_compared on comment (repository_id, after_commit_id, position);
create unique index comment_token on comment (account_id, region, author_arn, client_request_token);
