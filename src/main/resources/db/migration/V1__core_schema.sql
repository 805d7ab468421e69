-- Regions: the NBS statistical division tree (province 1, city 2, county 3, town/street 4).
-- Ancestor codes are denormalised so that ledger rows and statistics can group by any level without recursion.
create table region (
    code          varchar(12) primary key,
    name          varchar(100) not null,
    level         smallint     not null check (level between 1 and 4),
    parent_code   varchar(12)  references region (code),
    province_code varchar(12)  not null,
    city_code     varchar(12),
    county_code   varchar(12),
    check ((level = 1) = (parent_code is null))
);
create index region_parent_idx on region (parent_code, code);

-- Units (单位): enterprises, agencies, schools ... registered under a county or a town.
create table unit (
    id                   bigserial primary key,
    name                 varchar(200) not null,
    region_code          varchar(12)  not null references region (code),
    credit_code          varchar(18) unique, -- 统一社会信用代码, optional
    kind                 varchar(20)  not null default 'ENTERPRISE'
        check (kind in ('ENTERPRISE', 'AGENCY', 'INSTITUTION', 'SCHOOL', 'OTHER')),
    created_at           timestamptz  not null default now(),
    unique (region_code, name)
);
create index unit_region_idx on unit (region_code varchar_pattern_ops);

-- Participants. The phone number is personal information: only an HMAC (for look-up), an AES-GCM ciphertext
-- and the masked form that responses show are stored; the plain number never is.
create table participant (
    id            bigserial primary key,
    phone_hash    bytea        not null unique,
    phone_cipher  bytea        not null,
    phone_masked  varchar(20)  not null,
    display_name  varchar(40),
    region_code   varchar(12)  references region (code),
    unit_id       bigint       references unit (id),
    identity_type varchar(10)  check (identity_type in ('CADRE', 'EMPLOYEE', 'PUBLIC')),
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now()
);

-- Refresh tokens are stored as SHA-256 hashes and rotated on every use.
create table refresh_token (
    token_hash     bytea primary key,
    participant_id bigint      not null references participant (id),
    family         uuid        not null,
    expires_at     timestamptz not null,
    used_at        timestamptz,
    created_at     timestamptz not null default now()
);
create index refresh_token_family_idx on refresh_token (family);

-- Question bank. A question's stable id never changes; every content change adds a version, and attempts point
-- at the version they were shown, so recorded answers keep their original text.
create table question (
    id              varchar(40) primary key,
    category        varchar(40) not null,
    type            varchar(12) not null check (type in ('SINGLE', 'MULTIPLE', 'TRUE_FALSE')),
    difficulty      smallint    not null check (difficulty between 1 and 3),
    current_version int         not null,
    enabled         boolean     not null default true,
    source_file     varchar(200) not null,
    updated_at      timestamptz not null default now()
);
create index question_category_idx on question (category) where enabled;

create table question_version (
    question_id  varchar(40) not null references question (id),
    version      int         not null,
    content_hash varchar(64) not null,
    type         varchar(12) not null,
    category     varchar(40) not null,
    difficulty   smallint    not null,
    stem         text        not null,
    options      jsonb       not null, -- [{"key":"A","text":"..."}]; empty for true/false
    answer       jsonb       not null, -- ["A","C"] or ["TRUE"] / ["FALSE"]
    explanation  text        not null,
    legal_ref    jsonb,                -- {"law":..., "article":..., "edition":...}
    created_at   timestamptz not null default now(),
    primary key (question_id, version)
);

create table question_category (
    code varchar(40) primary key,
    name varchar(100) not null
);

-- Campaigns with their rules. Dates are Asia/Shanghai calendar days, inclusive.
create table campaign (
    id                    bigserial primary key,
    code                  varchar(60)  not null unique,
    name                  varchar(200) not null,
    start_date            date         not null,
    end_date              date         not null,
    status                varchar(10)  not null default 'ACTIVE' check (status in ('DRAFT', 'ACTIVE', 'CLOSED')),
    attempts_per_day      smallint     not null check (attempts_per_day > 0),
    questions_per_attempt smallint     not null check (questions_per_attempt between 1 and 100),
    seconds_per_question  smallint     not null check (seconds_per_question between 5 and 600),
    correct_per_chance    smallint     not null check (correct_per_chance > 0),
    chances_per_day_cap   smallint     not null check (chances_per_day_cap >= 0),
    points_per_correct    int          not null check (points_per_correct >= 0),
    perfect_bonus         int          not null check (perfect_bonus >= 0),
    category_mix          jsonb        not null, -- {"safety-law":4,"fire":2,...}; counts add up to questions_per_attempt
    created_at            timestamptz  not null default now(),
    updated_at            timestamptz  not null default now(),
    check (end_date >= start_date)
);

-- Attempts (每日挑战). The unique key is what enforces "每天可挑战答题1次" under concurrency: the n-th attempt of a
-- day can be inserted once, whatever number of requests race for it.
create table attempt (
    id                uuid primary key,
    campaign_id       bigint      not null references campaign (id),
    participant_id    bigint      not null references participant (id),
    local_day         date        not null,
    seq               smallint    not null,
    status            varchar(12) not null check (status in ('IN_PROGRESS', 'FINISHED', 'EXPIRED')),
    question_count    smallint    not null,
    answered_count    smallint    not null default 0,
    correct_count     smallint    not null default 0,
    points            int         not null default 0,
    lottery_chances   smallint    not null default 0,
    region_code       varchar(12) not null references region (code),
    unit_id           bigint      references unit (id),
    started_at        timestamptz not null,
    deadline_at       timestamptz not null,
    finished_at       timestamptz,
    client_ip         inet,
    device_id         varchar(100),
    unique (campaign_id, participant_id, local_day, seq)
);
create index attempt_participant_idx on attempt (participant_id, started_at desc);
create index attempt_open_deadline_idx on attempt (deadline_at) where status = 'IN_PROGRESS';

-- The questions drawn for an attempt, in order, with the option order shown and the answer given.
create table attempt_question (
    attempt_id       uuid        not null references attempt (id),
    idx              smallint    not null,
    question_id      varchar(40) not null,
    question_version int         not null,
    option_order     jsonb       not null, -- [{"id":"opaque","key":"C"}] in display order
    presented_at     timestamptz,
    deadline_at      timestamptz,
    selected         jsonb,                -- opaque option ids as submitted
    correct          boolean,
    timed_out        boolean     not null default false,
    answered_at      timestamptz,
    primary key (attempt_id, idx),
    foreign key (question_id, question_version) references question_version (question_id, version)
);
create index attempt_question_question_idx on attempt_question (question_id);

-- Points ledger (积分): one row per credit, carrying every dimension it counts for, so the participant, the unit
-- and each region level (province → city → county → town) are all credited by the same row. Leaderboards and
-- statistics are derived from it; it is the truth they are rebuilt from.
create table points_ledger (
    id             bigserial primary key,
    campaign_id    bigint      not null references campaign (id),
    participant_id bigint      not null references participant (id),
    attempt_id     uuid        references attempt (id),
    reason         varchar(20) not null,
    points         int         not null,
    local_day      date        not null,
    unit_id        bigint      references unit (id),
    province_code  varchar(12) not null,
    city_code      varchar(12),
    county_code    varchar(12),
    town_code      varchar(12),
    created_at     timestamptz not null default now(),
    unique (attempt_id, reason)
);
create index points_ledger_campaign_idx on points_ledger (campaign_id, local_day);
