-- Hazard reports (随手拍, 安全吹哨人, 有奖举报): a participant or an anonymous person reports a hazard or a violation with
-- photos; hazard officers of the region accept, verify, follow the rectification and close it, and decide rewards.

create table hazard_report (
    id                    uuid primary key,       -- time-ordered (UUIDv7)
    tracking_code         varchar(16)  not null unique,
    -- SHA-256 of the secret shown once to an anonymous reporter; null for real-name reports
    secret_hash           bytea,
    category              varchar(20)  not null check (category in ('HAZCHEM', 'MINING', 'INDUSTRY_TRADE',
        'ROAD_TRAFFIC', 'CONSTRUCTION', 'FISHING_VESSEL', 'FIRE', 'GAS', 'SPECIAL_EQUIPMENT', 'OTHER')),
    description           varchar(2000) not null,
    -- where the hazard is (county or town), with its ancestors for roll-ups, as in the points ledger
    region_code           varchar(12)  not null references region (code),
    province_code         varchar(12)  not null,
    city_code             varchar(12),
    county_code           varchar(12),
    town_code             varchar(12),
    -- the office that handles it now: the report's region until it is transferred to another region
    handling_region_code  varchar(12)  not null references region (code),
    address               varchar(200),
    lat                   double precision,       -- WGS-84
    lng                   double precision,
    location_source       varchar(10) check (location_source in ('CLIENT', 'PHOTO')),
    unit_id               bigint references unit (id),
    unit_name             varchar(200),
    occurred_at           timestamptz,
    reporter_works_there  boolean      not null,
    anonymous             boolean      not null,
    gps_consent           boolean      not null,
    -- need-to-know: a keyed hash of the participant (to list "my reports") and the sealed identity
    -- ({participantId, name, phone}); neither is ever listed, exported or logged
    reporter_hash         bytea,
    reporter_cipher       bytea,
    identified_at         timestamptz,            -- an anonymous reporter who later identified themself
    status                varchar(12)  not null check (status in ('SUBMITTED', 'ACCEPTED', 'VERIFYING', 'RECTIFYING',
        'CLOSED', 'REJECTED', 'DUPLICATE', 'TRANSFERRED')),
    submitted_at          timestamptz  not null,
    local_day             date         not null,  -- Asia/Shanghai day of submission
    accepted_at           timestamptz,
    due_at                timestamptz,
    extended_at           timestamptz,
    extension_reason      varchar(200),
    closed_at             timestamptz,
    verified              boolean,                -- 属实 (true) or 不属实 (false), once decided
    fine_amount           numeric(14, 2) check (fine_amount >= 0),
    duplicate_of          uuid references hazard_report (id),
    transferred_to_agency varchar(100),
    updated_at            timestamptz  not null,
    check ((lat is null) = (lng is null)),
    check (anonymous or reporter_cipher is not null),
    check (anonymous = (secret_hash is not null)),
    check ((status = 'DUPLICATE') = (duplicate_of is not null))
);
create index hazard_report_handling_idx on hazard_report (handling_region_code varchar_pattern_ops, submitted_at desc);
create index hazard_report_day_idx on hazard_report (local_day);
create index hazard_report_reporter_idx on hazard_report (reporter_hash, submitted_at desc) where reporter_hash is not null;
create index hazard_report_open_place_idx on hazard_report (category, lat, lng)
    where status in ('SUBMITTED', 'ACCEPTED', 'VERIFYING', 'RECTIFYING', 'TRANSFERRED');
create index hazard_report_open_unit_idx on hazard_report (unit_id)
    where status in ('SUBMITTED', 'ACCEPTED', 'VERIFYING', 'RECTIFYING', 'TRANSFERRED');
create index hazard_report_due_idx on hazard_report (due_at) where status in ('ACCEPTED', 'VERIFYING', 'RECTIFYING');
create index hazard_report_duplicate_idx on hazard_report (duplicate_of) where duplicate_of is not null;

-- The timeline: the submission, every transition and every extension, with who, when and the notes. The reporter sees
-- kind, status, time and the public note; officers see everything.
create table hazard_event (
    id                bigserial primary key,
    report_id         uuid         not null references hazard_report (id),
    kind              varchar(12)  not null check (kind in ('SUBMITTED', 'TRANSITION', 'EXTENDED', 'IDENTIFIED')),
    from_status       varchar(12),
    to_status         varchar(12)  not null,
    actor             varchar(100) not null,  -- officer's username; 'reporter' for the reporter's own steps
    note              varchar(1000),          -- internal
    public_note       varchar(500),           -- shown to the reporter
    details           jsonb,                  -- duplicate of, transferred to, extension days
    at                timestamptz  not null
);
create index hazard_event_report_idx on hazard_event (report_id, id);

-- Photos: the report's own (event_id null) and each transition's evidence, stored without metadata under a content
-- address in the blob store.
create table hazard_photo (
    id            uuid primary key,
    report_id     uuid         not null references hazard_report (id),
    event_id      bigint references hazard_event (id),
    position      smallint     not null,
    blob_key      varchar(200) not null,
    thumbnail_key varchar(200) not null,
    width         int          not null,
    height        int          not null,
    bytes         int          not null,
    created_at    timestamptz  not null
);
create index hazard_photo_report_idx on hazard_photo (report_id, event_id, position);

-- Rewards (有奖举报, 安全生产领域举报奖励办法 2018): the current decision per rewarded report, and every decision ever made.
-- A matter (a report and the reports marked as its duplicates) is rewarded once: the partial unique index.
create table hazard_reward (
    report_id      uuid primary key references hazard_report (id),
    matter_id      uuid           not null references hazard_report (id),
    status         varchar(10)    not null check (status in ('GRANTED', 'DENIED', 'CLAIMED', 'PAID')),
    basis          varchar(20) check (basis in ('MAJOR_HAZARD', 'ILLEGAL_ACTIVITY', 'CONCEALED_ACCIDENT')),
    fine_amount    numeric(14, 2),
    amount         numeric(12, 2),
    claim_deadline timestamptz,
    claimed_at     timestamptz,
    paid_at        timestamptz,
    updated_at     timestamptz    not null
);
create unique index hazard_reward_one_per_matter on hazard_reward (matter_id)
    where status in ('GRANTED', 'CLAIMED', 'PAID');

create table hazard_reward_decision (
    id          bigserial primary key,
    report_id   uuid           not null references hazard_report (id),
    decision    varchar(10)    not null check (decision in ('GRANT', 'DENY', 'PAY')),
    basis       varchar(20),
    fine_amount numeric(14, 2),
    deaths      int,
    accident_grade varchar(20),
    amount      numeric(12, 2),
    reason      varchar(500)   not null,
    decided_by  varchar(100)   not null,
    decided_at  timestamptz    not null
);
create index hazard_reward_decision_report_idx on hazard_reward_decision (report_id, id);

-- Every look at a reporter's identity: who, when, why. National admins list them.
create table hazard_identity_reveal (
    id           bigserial primary key,
    report_id    uuid         not null references hazard_report (id),
    officer      varchar(100) not null,
    officer_region_code varchar(12),
    reason       varchar(500) not null,
    at           timestamptz  not null
);
create index hazard_identity_reveal_at_idx on hazard_identity_reveal (at desc, id desc);
