-- Leaderboards live in Redis and are derived from points_ledger. The finishing of an attempt asks whether the
-- participant is new to each of its regions and its unit (distinct participants per board): by participant.
create index points_ledger_participant_idx on points_ledger (participant_id, campaign_id);

-- Optional bases for per-capita ranking (participation rate): a region's population or a unit's head count.
create table leaderboard_base (
    kind       varchar(6)  not null check (kind in ('REGION', 'UNIT')),
    code       varchar(20) not null, -- division code, or the unit id as text
    base       integer     not null check (base > 0),
    updated_at timestamptz not null default now(),
    primary key (kind, code)
);
