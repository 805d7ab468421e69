-- Prize points: a draw that wins a POINTS tier credits the participant in the points ledger, in the transaction that
-- records the draw. Such rows carry reason LOTTERY and the draw; the unique draw_id means a draw credits at most once.
-- They are the participant's personal points only: leaderboards and the progress report count reason ATTEMPT rows,
-- so luck never moves a region or a unit.
alter table points_ledger add column draw_id uuid unique references lottery_draw (id);
alter table points_ledger add constraint points_ledger_lottery_draw_check
    check ((reason = 'LOTTERY') = (draw_id is not null));
-- A winner may have no profile yet (chances can be granted without one): their prize row then has no region. Rows
-- from answering keep the province, which every board and report relies on.
alter table points_ledger alter column province_code drop not null;
alter table points_ledger add constraint points_ledger_attempt_region_check
    check (reason <> 'ATTEMPT' or province_code is not null);

-- Fulfilment (发奖) of claimed prizes, recorded by the national office. Physical prizes: SHIPPED (carrier and
-- tracking number) then DELIVERED; phone credit: FULFILLED. Null: claimed, not yet dealt with.
alter table lottery_claim add column fulfilment varchar(12)
    check (fulfilment in ('SHIPPED', 'DELIVERED', 'FULFILLED'));
alter table lottery_claim add column carrier varchar(40);
alter table lottery_claim add column tracking varchar(60);
alter table lottery_claim add column fulfilment_note varchar(200);
alter table lottery_claim add column fulfilled_at timestamptz;
alter table lottery_claim add column fulfilled_by varchar(100);
alter table lottery_claim add constraint lottery_claim_fulfilment_state_check
    check ((fulfilment is null) = (fulfilled_at is null)
        and (fulfilment is distinct from 'SHIPPED' or tracking is not null));
