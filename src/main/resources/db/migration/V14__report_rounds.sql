-- The progress report (进展情况统计表) as a workflow: the campaign's template, reporting rounds, each region's
-- submission with its history, and the contacts (联络员) the reminders go to.

-- The template a campaign's rounds use; without a row, the national default shipped with the service.
create table report_template (
    campaign_id bigint       primary key references campaign (id),
    version     integer      not null,
    body        jsonb        not null,   -- the parsed template (statistics.rounds.ReportTemplate)
    source      text         not null,   -- the YAML as uploaded
    updated_by  varchar(100) not null,
    updated_at  timestamptz  not null
);

-- A round: who opened it (the country, or a province for its own regions), its deadline, the days its measured
-- figures cover, and the template as it stood when the round opened.
create table report_round (
    id           bigserial    primary key,
    campaign_id  bigint       not null references campaign (id),
    title        varchar(100) not null,
    scope_code   varchar(12)  not null,  -- 'CN' or a province's code
    deadline     timestamptz  not null,
    period_from  date         not null,
    period_to    date         not null,
    template     jsonb        not null,
    created_by   varchar(100) not null,
    created_at   timestamptz  not null,
    check (period_to >= period_from)
);
create index report_round_campaign_idx on report_round (campaign_id, deadline);

-- One region's table in a round: its own entries (field id → value), not the roll-up of its children.
create table report_submission (
    round_id     bigint       not null references report_round (id),
    region_code  varchar(12)  not null references region (code),
    status       varchar(10)  not null check (status in ('DRAFT', 'SUBMITTED', 'REOPENED')),
    entries      jsonb        not null default '{}',
    submitted_at timestamptz,
    submitted_by varchar(100),
    updated_at   timestamptz  not null,
    updated_by   varchar(100) not null,
    primary key (round_id, region_code)
);
create index report_submission_region_idx on report_submission (round_id, region_code varchar_pattern_ops);

-- Every change of a submission: saving (with each field's old and new value), submitting, reopening (with the reason).
create table report_submission_change (
    id          bigserial    primary key,
    round_id    bigint       not null,
    region_code varchar(12)  not null,
    action      varchar(10)  not null check (action in ('SAVE', 'SUBMIT', 'REOPEN')),
    changes     jsonb        not null default '[]',
    reason      varchar(500),
    actor       varchar(100) not null,
    at          timestamptz  not null,
    foreign key (round_id, region_code) references report_submission (round_id, region_code)
);
create index report_submission_change_idx on report_submission_change (round_id, region_code, id);

-- 联络员: a region's contact for the report. Name and phones are personal information, sealed by the field cipher.
create table report_contact (
    region_code         varchar(12)  primary key references region (code),
    name_cipher         bytea        not null,
    post                varchar(100),
    office_phone_cipher bytea,
    mobile_cipher       bytea        not null,
    updated_by          varchar(100) not null,
    updated_at          timestamptz  not null
);
