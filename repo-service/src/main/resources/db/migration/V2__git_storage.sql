-- The pack list of each repository, committed by compare-and-swap on version.
create table git_pack_list (
    repository_id uuid   primary key,
    version       bigint not null
);

-- A pack as JGit's DFS layer describes it.
create table git_pack (
    repository_id    uuid        not null,
    pack_name        text        not null,
    source           text        not null,
    last_modified    timestamptz not null,
    object_count     bigint      not null,
    delta_count      bigint      not null,
    estimated_size   bigint      not null,
    index_version    int         not null,
    min_update_index bigint      not null,
    max_update_index bigint      not null,
    primary key (repository_id, pack_name)
);

-- Each file of a pack: its frames are in the blob store, its message header (with the wrapped data key) only here.
-- Deleting these rows crypto-shreds the files.
create table git_pack_file (
    repository_id    uuid   not null,
    pack_name        text   not null,
    ext              text   not null,
    header           bytea  not null,
    frame_length     int    not null,
    plaintext_length bigint not null,
    primary key (repository_id, pack_name, ext),
    foreign key (repository_id, pack_name) references git_pack on delete cascade
);

-- Refs, updated by compare-and-swap; a symbolic ref has a symbolic_target instead of an object ID.
create table git_ref (
    repository_id   uuid not null,
    name            text not null,
    object_id       text,
    peeled_id       text,
    symbolic_target text,
    primary key (repository_id, name),
    check ((object_id is null) <> (symbolic_target is null))
);

-- The version of each repository's RefsUpdated stream; its row lock orders the repository's ref transactions.
create table git_ref_log (
    repository_id uuid   primary key,
    version       bigint not null
);
