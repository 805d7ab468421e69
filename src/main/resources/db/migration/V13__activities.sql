-- Safety Production Month activities (安全宣传咨询日 booths, screenings, drills, lectures...), their check-ins and
-- walk-in head counts, and the daily roll-up the progress report reads (场次 and 人次 per kind and region node).

create table activity (
    id             bigserial primary key,
    campaign_id    bigint       not null references campaign (id),
    name           varchar(100) not null,
    kind           varchar(20)  not null check (kind in ('CONSULTATION', 'WARNING_FILM', 'WARNING_EXHIBITION',
        'DRILL', 'LECTURE', 'OPEN_DAY', 'ONLINE', 'OTHER')),
    -- where it is held (county or town), with its ancestors, as in the hazard reports
    region_code    varchar(12)  not null references region (code),
    province_code  varchar(12)  not null,
    city_code      varchar(12),
    county_code    varchar(12),
    town_code      varchar(12),
    address        varchar(200),
    lat            double precision,              -- WGS-84
    lng            double precision,
    starts_at      timestamptz  not null,
    ends_at        timestamptz  not null,
    -- the day it is held (its start, Asia/Shanghai): where it counts as one event held, with its head count
    local_day      date         not null,
    capacity       integer check (capacity > 0),
    unit_id        bigint references unit (id),
    organizer_name varchar(200),                  -- the organizing unit when it is not a registered one
    geofence_m     integer check (geofence_m between 50 and 10000),
    -- walk-ins counted on paper sign-in sheets; the history of changes is activity_head_count
    head_count     integer      not null default 0 check (head_count >= 0),
    status         varchar(10)  not null default 'ACTIVE' check (status in ('ACTIVE', 'CANCELLED')),
    cancel_reason  varchar(200),
    created_by     varchar(100) not null,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    check (ends_at > starts_at),
    check ((lat is null) = (lng is null)),
    check (geofence_m is null or lat is not null)
);
create index activity_campaign_start_idx on activity (campaign_id, starts_at desc, id desc);
create index activity_region_idx on activity (region_code varchar_pattern_ops);

-- Every change of an event's head count: who, when, from what to what, and why.
create table activity_head_count (
    id          bigserial primary key,
    activity_id bigint       not null references activity (id),
    previous    integer      not null,
    count       integer      not null check (count >= 0),
    note        varchar(200),
    recorded_by varchar(100) not null,
    recorded_at timestamptz  not null
);
create index activity_head_count_activity_idx on activity_head_count (activity_id, id);

-- App check-ins: one per participant and event (the unique key, whatever the concurrency), and one result per
-- client nonce (a retried request finds its own row). The participant's location is not kept: only how far from
-- the event it was, when the event has a geofence.
create table check_in (
    id             uuid         primary key,
    activity_id    bigint       not null references activity (id),
    campaign_id    bigint       not null,
    participant_id bigint       not null references participant (id),
    nonce          varchar(64)  not null,
    checked_in_at  timestamptz  not null,         -- when the service took it
    scanned_at     timestamptz  not null,         -- when the QR was scanned (the phone's clock, for offline scans)
    local_day      date         not null,         -- Asia/Shanghai day of the scan: the day it counts on
    offline        boolean      not null,
    distance_m     integer,
    far            boolean,                       -- outside the geofence; null: no geofence, or no location sent
    bonus_chances  smallint     not null default 0, -- lottery chances its first check-in earned (if the campaign gives any)
    unique (activity_id, participant_id),
    unique (participant_id, nonce)
);
create index check_in_participant_idx on check_in (participant_id, checked_in_at desc, id desc);

-- The progress report's figures: events held (场次), app check-ins and head counts (together 人次) per campaign, day,
-- region node (region.RegionNodes), kind and shard. Events and head counts count on the event's day, check-ins on
-- the day of the scan.
create table activity_rollup (
    campaign_id  bigint      not null references campaign (id),
    local_day    date        not null,
    region_code  varchar(12) not null,
    parent_code  varchar(12) not null,
    kind         varchar(20) not null,
    shard        smallint    not null,
    events       bigint      not null default 0,
    check_ins    bigint      not null default 0,
    offline_check_ins bigint not null default 0,
    head_count   bigint      not null default 0,
    primary key (campaign_id, region_code, parent_code, local_day, kind, shard)
);
create index activity_rollup_parent_idx on activity_rollup (campaign_id, parent_code, local_day);

-- The lottery's optional bonus for a participant's first check-in of a campaign: chances, 0 (off) by default. The
-- bonus is a chance like any other, and counts against the day's cap.
alter table lottery_pool add column check_in_bonus smallint not null default 0 check (check_in_bonus between 0 and 5);
alter table lottery_chance add column check_in_id uuid unique references check_in (id);
alter table lottery_chance add column local_day date;
alter table lottery_chance drop constraint lottery_chance_check;
alter table lottery_chance add constraint lottery_chance_source_check check (
    (delta > 0 and num_nonnulls(attempt_id, check_in_id) <= 1 and draw_id is null)
    or (delta = -1 and draw_id is not null and attempt_id is null and check_in_id is null));
alter table lottery_chance add constraint lottery_chance_bonus_day_check check (check_in_id is null or local_day is not null);
-- At most one check-in bonus per participant and campaign.
create unique index lottery_chance_check_in_bonus_idx on lottery_chance (campaign_id, participant_id)
    where check_in_id is not null;
