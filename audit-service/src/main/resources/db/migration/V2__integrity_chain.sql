-- The trail proves itself: every record is hash-chained in arrival order, and signed digests vouch for the chain.
-- The record is kept as the exact canonical JSON text that was hashed (jsonb would re-serialise it).
alter table audit_record alter column record type text using record::text;
alter table audit_record add column received_at   timestamptz not null default now();
alter table audit_record add column key_id        text;
alter table audit_record add column previous_hash bytea;
alter table audit_record add column chain_hash    bytea;

-- chain the records stored before this migration, in arrival order: chain_hash = SHA-256(previous_hash || record)
do $$
declare
    r    record;
    prev bytea := decode(repeat('00', 32), 'hex');
begin
    for r in select position, record from audit_record order by position loop
        update audit_record
           set previous_hash = prev,
               chain_hash = sha256(prev || convert_to(r.record, 'UTF8')),
               key_id = substring(r.record::jsonb #>> '{resources,0,ARN}' from 'key/([^/]+)$')
         where position = r.position
        returning chain_hash into prev;
    end loop;
end $$;
alter table audit_record alter column previous_hash set not null;
alter table audit_record alter column chain_hash set not null;

-- the end of the chain; writers lock this row, so the chain has one order even with several audit-service replicas
create table audit_chain_head (
    id           smallint primary key check (id = 1),
    position     bigint   not null,
    chain_hash   bytea    not null,
    record_count bigint   not null
);
insert into audit_chain_head (id, position, chain_hash, record_count)
select 1, coalesce(max(position), 0),
       coalesce((select chain_hash from audit_record order by position desc limit 1), decode(repeat('00', 32), 'hex')),
       count(*)
  from audit_record;

-- CloudTrail's Resources, for LookupEvents by ResourceName and ResourceType
create table audit_resource (
    position      bigint      not null,
    account_id    text        not null,
    resource_type text        not null,
    resource_name text        not null,
    event_time    timestamptz not null
);
insert into audit_resource (position, account_id, resource_type, resource_name, event_time)
select a.position, a.account_id, res ->> 'type', res ->> 'ARN', a.event_time
  from audit_record a, jsonb_array_elements(coalesce(a.record::jsonb -> 'resources', '[]'::jsonb)) res
 where res ->> 'ARN' is not null and res ->> 'type' is not null;
create index audit_resource_name on audit_resource (account_id, resource_name, event_time desc, position desc);
create index audit_resource_type on audit_resource (account_id, resource_type, event_time desc, position desc);

-- the filters of LookupEvents and GET /v1/events, each served newest first
create index audit_record_key_time on audit_record (key_id, event_time desc, position desc) where key_id is not null;
create index audit_record_name_time on audit_record (account_id, event_name, event_time desc, position desc);
create index audit_record_source_time on audit_record (account_id, event_source, event_time desc, position desc);
create index audit_record_user_time on audit_record (account_id, user_name, event_time desc, position desc);
create index audit_record_access_key_time on audit_record (account_id, access_key_id, event_time desc, position desc);
create index audit_record_error_time on audit_record (account_id, error_code, event_time desc, position desc)
    where error_code is not null;

-- the current target of every alias, from key-service's events, so queries can name a key by alias
create table key_alias (
    account_id text not null,
    region     text not null,
    alias_name text not null,
    key_id     text not null,
    primary key (account_id, region, alias_name)
);

-- signed digests: each vouches for the records since the previous one (like CloudTrail digest files)
create table audit_digest (
    digest_id          bigserial   primary key,
    created_at         timestamptz not null,
    first_position     bigint      not null,
    last_position      bigint      not null,
    record_count       bigint      not null,
    start_time         timestamptz not null,
    end_time           timestamptz not null,
    last_hash          bytea       not null,
    previous_signature bytea,
    key_fingerprint    text        not null,
    signature          bytea       not null
);
