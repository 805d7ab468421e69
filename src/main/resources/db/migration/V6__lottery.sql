-- Lottery (抽奖): 每答对5题可获得1次抽奖机会. Chances are a ledger; prize stock lives in Redis for the draw itself
-- (one atomic script per draw) and PostgreSQL keeps what was issued, from which Redis is rebuilt at any time.

-- One prize pool per campaign, with the fairness seed: its SHA-256 (the commitment) is public from the start, the
-- seed itself only after the draw deadline.
create table lottery_pool (
    campaign_id    bigint primary key references campaign (id),
    seed           bytea        not null,
    commitment     varchar(64)  not null,
    total_weight   int          not null check (total_weight > 0),
    thanks_name    varchar(100) not null,
    draw_deadline  timestamptz  not null,
    claim_deadline timestamptz  not null,
    created_at     timestamptz  not null default now(),
    check (claim_deadline >= draw_deadline)
);

-- Prize tiers, rank 1 the best. A draw that hits a tier without stock (or over the per-person limit) falls back to
-- the next rank, and after the last to "thanks" (the weight left over up to total_weight).
create table lottery_tier (
    id               bigserial primary key,
    campaign_id      bigint       not null references lottery_pool (campaign_id),
    rank             smallint     not null check (rank >= 1),
    name             varchar(100) not null,
    kind             varchar(12)  not null check (kind in ('PHYSICAL', 'PHONE_CREDIT', 'POINTS')),
    amount           int          not null default 0 check (amount >= 0), -- yuan of credit, or points
    weight           int          not null check (weight >= 0),
    stock            int          not null check (stock >= 0),            -- units configured so far (sum of events)
    per_person_limit int check (per_person_limit > 0),
    daily_release    int check (daily_release > 0),                      -- units released per campaign day
    unique (campaign_id, rank)
);

-- Stock history: the initial stock and every addition. Units are never removed (issued prizes stay issued).
create table lottery_stock_event (
    id         bigserial primary key,
    tier_id    bigint       not null references lottery_tier (id),
    units      int          not null check (units > 0),
    admin      varchar(100),
    created_at timestamptz  not null
);
create index lottery_stock_event_tier_idx on lottery_stock_event (tier_id, created_at);

-- Draws. The id is derived from (campaign, participant, client request id), so a retried request is the same draw;
-- seq is the order in which Redis decided the draws, which the fairness replay follows.
create table lottery_draw (
    id             uuid        primary key,
    campaign_id    bigint      not null references lottery_pool (campaign_id),
    participant_id bigint      not null references participant (id),
    request_id     uuid        not null,
    seq            bigint      not null,
    hit_rank       smallint,   -- the tier the random number fell in (null: thanks), before any fallback
    tier_id        bigint      references lottery_tier (id), -- the prize issued; null: thanks
    drawn_at       timestamptz not null,
    local_day      date        not null,
    unique (participant_id, request_id),
    unique (campaign_id, seq)
);
create index lottery_draw_participant_idx on lottery_draw (campaign_id, participant_id, drawn_at desc);
create index lottery_draw_tier_idx on lottery_draw (tier_id, local_day) where tier_id is not null;

-- Chances ledger: +n when an attempt closes (one row per attempt), -1 per draw (one row per draw). The balance is
-- the sum; spending takes a per-participant lock so it never goes below zero.
create table lottery_chance (
    id             bigserial primary key,
    campaign_id    bigint      not null references campaign (id),
    participant_id bigint      not null references participant (id),
    delta          int         not null check (delta <> 0),
    attempt_id     uuid        unique references attempt (id),
    draw_id        uuid        unique references lottery_draw (id),
    created_at     timestamptz not null,
    check (delta > 0 or (delta = -1 and draw_id is not null))
);
create index lottery_chance_participant_idx on lottery_chance (campaign_id, participant_id);

-- Claims: the winner's name, phone and address are personal information, stored AES-256-GCM encrypted; only the
-- masked forms are kept in clear, for the public winners list.
create table lottery_claim (
    draw_id        uuid        primary key references lottery_draw (id),
    name_cipher    bytea       not null,
    phone_cipher   bytea       not null,
    address_cipher bytea,
    name_masked    varchar(40) not null,
    phone_masked   varchar(20) not null,
    submitted_at   timestamptz not null,
    updated_at     timestamptz not null
);
