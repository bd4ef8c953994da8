-- Packs replaced by a repack: their files stay readable for a grace period (a clone may have listed them), then
-- the sweeper deletes them.
create table git_pack_removed (
    repository_id uuid        not null,
    pack_name     text        not null,
    removed_at    timestamptz not null,
    primary key (repository_id, pack_name)
);
