-- The read model keeps each key's whole folded state, so a rebuilt read model can be compared row for row.
alter table kms_key add column state jsonb;
alter table kms_key add column version bigint not null default 0;
alter table kms_alias add column last_updated_date timestamptz;
