-- The register of the laws, regulations and standards the question bank cites (quiz-bank/laws.yaml), so that an
-- upload's references are checked against it and a campaign's questions against its dates.
create table law_edition (
    title                 text not null,
    edition               text not null,
    level                 text not null,
    issuer                text,
    document              text,
    adopted               date,
    in_force              date not null,
    superseded_by_title   text,
    superseded_by_edition text,
    superseded_from       date,
    note                  text,
    updated_at            timestamptz not null default now(),
    primary key (title, edition)
);

create index question_version_law_idx on question_version ((legal_ref ->> 'law'));
