-- An asymmetric key's public key (DER SubjectPublicKeyInfo) beside its wrapped private key: public, so not wrapped.
alter table key_material add column public_key bytea;
