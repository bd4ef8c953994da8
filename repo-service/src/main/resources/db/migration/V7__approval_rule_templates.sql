-- Projection of the ApprovalRuleTemplate aggregate: an account's templates in a region, by name, and the
-- repositories each is associated with.
create table approval_rule_template (
    approval_rule_template_id uuid        primary key,
    account_id                text        not null,
    region                    text        not null,
    name                      text        not null,
    description               text        not null,
    content                   text        not null,
    last_modified_user        text        not null,
    creation_date             timestamptz not null,
    last_modified_date        timestamptz not null,
    unique (account_id, region, name)
);

create table approval_rule_template_repository (
    approval_rule_template_id uuid not null references approval_rule_template on delete cascade,
    repository_id             uuid not null,
    primary key (approval_rule_template_id, repository_id)
);
create index approval_rule_template_repository_by_repository
    on approval_rule_template_repository (repository_id);
