-- GetParametersForImport's wrapping keys: each private key wrapped under the root key until its import token is
-- used or expires (24 hours).
create table kms_import_parameters (
    token_id            uuid        primary key,
    key_id              uuid        not null references kms_key (key_id) deferrable initially deferred,
    wrapping_algorithm  text        not null,
    wrapped_private_key bytea       not null,
    valid_to            timestamptz not null
);
