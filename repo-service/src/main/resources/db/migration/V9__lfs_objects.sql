-- Git LFS objects: each one message sealed under the repository's key, its frames in the blob store (blob_name) and
-- its header (with the wrapped data key) only here. Deleting a row shreds the object; a key change re-wraps headers.
create table lfs_object (
    repository_id uuid        not null,
    oid           text        not null,
    size          bigint      not null,
    blob_name     text        not null,
    header        bytea       not null,
    frame_length  int         not null,
    created_at    timestamptz not null default now(),
    primary key (repository_id, oid)
);
