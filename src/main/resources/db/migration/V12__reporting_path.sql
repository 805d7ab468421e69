-- The reporting path at national volume: reports read daily roll-ups, not the ledger; boards are fed through an
-- outbox written with the attempt's closing.

-- One row per campaign, day, region node and shard: the competition's figures, added to by the transaction that
-- closes each attempt. A node is a region under its parent (region_code, parent_code); the country is ('CN', '');
-- a participant whose region stops above town level also counts in the node (X, X): "in X, in none of its
-- children" (the report's 未细分到下级地区 row). Attempts spread over shard = participant_id % 8, so the busiest
-- rows (the country, a large province, today) are updated by eight times fewer transactions each; readers add the
-- shards up.
create table competition_rollup (
    campaign_id      bigint      not null references campaign (id),
    local_day        date        not null,
    region_code      varchar(12) not null,
    parent_code      varchar(12) not null,
    shard            smallint    not null,
    attempts         bigint      not null default 0,
    points           bigint      not null default 0,
    perfect_attempts bigint      not null default 0,
    lottery_chances  bigint      not null default 0,
    -- participants who played in this node for the first time in the campaign on this day
    first_in_campaign bigint     not null default 0,
    -- participants who played in this node for the first time on this day
    first_in_day     bigint      not null default 0,
    primary key (campaign_id, region_code, parent_code, local_day, shard)
);
create index competition_rollup_parent_idx on competition_rollup (campaign_id, parent_code, local_day);

-- The median time to answer, kept with the attempt when it closes (the review of too-fast attempts reads it).
alter table attempt add column median_answer_ms integer;
create index attempt_review_speed_idx on attempt (campaign_id, median_answer_ms) where median_answer_ms is not null;
-- Editing a campaign asks which days were played, under its lock: by index, not by counting every attempt.
create index attempt_campaign_day_idx on attempt (campaign_id, local_day);

-- Board updates written by the closing transaction; a relay applies them to Redis (idempotently) and deletes them.
-- A crash between the commit and Redis, or Redis being away, leaves them here until they are applied.
create table board_outbox (
    id          bigserial primary key,
    campaign_id bigint      not null references campaign (id),
    attempt_id  uuid        not null,
    keys        text[]      not null,
    args        text[]      not null,
    created_at  timestamptz not null default now()
);
create index board_outbox_campaign_idx on board_outbox (campaign_id, id);

-- Existing data: medians of closed attempts, and the roll-ups of every closed attempt so far.
update attempt a set median_answer_ms = m.ms
from (select q.attempt_id, round(percentile_cont(0.5) within group (order by
          extract(epoch from (q.answered_at - q.presented_at)) * 1000))::int as ms
      from attempt_question q
      where q.answered_at is not null and not q.timed_out
      group by q.attempt_id) m
where m.attempt_id = a.id and a.finished_at is not null;

insert into competition_rollup (campaign_id, local_day, region_code, parent_code, shard, attempts, points,
                                perfect_attempts, lottery_chances, first_in_campaign, first_in_day)
select n.campaign_id, n.local_day, n.region_code, n.parent_code, n.shard, count(*), sum(n.points),
       count(*) filter (where n.perfect), sum(n.chances),
       count(*) filter (where n.first_campaign), count(*) filter (where n.first_day)
from (
    select x.*,
           x.ledger_id = first_value(x.ledger_id) over (partition by x.campaign_id, x.region_code, x.parent_code,
               x.participant_id order by x.created_at, x.ledger_id) as first_campaign,
           x.ledger_id = first_value(x.ledger_id) over (partition by x.campaign_id, x.region_code, x.parent_code,
               x.participant_id, x.local_day order by x.created_at, x.ledger_id) as first_day
    from (
        select l.id as ledger_id, l.campaign_id, l.local_day, l.participant_id, l.created_at,
               (l.participant_id % 8)::smallint as shard, l.points,
               a.correct_count = a.question_count as perfect, a.lottery_chances as chances,
               node.region_code, node.parent_code
        from points_ledger l
        join attempt a on a.id = l.attempt_id
        cross join lateral (values
            ('CN', ''),
            (l.province_code, 'CN'),
            (l.city_code, l.province_code),
            (l.county_code, l.city_code),
            (l.town_code, l.county_code),
            (coalesce(l.county_code, l.city_code, l.province_code),
             case when l.town_code is null then coalesce(l.county_code, l.city_code, l.province_code) end)
        ) as node(region_code, parent_code)
        where l.reason = 'ATTEMPT' and node.region_code is not null and node.parent_code is not null
    ) x
) n
group by n.campaign_id, n.local_day, n.region_code, n.parent_code, n.shard;
