/**
 * Lottery (抽奖): 每答对5题可获得1次抽奖机会 — chances earned by answering, prize pools with limited stock, draws that
 * never over-issue, claims, the winners list.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>Chances: ledger {@code lottery_chance} (+n per closed attempt, written by {@link anquanli.lottery.ChanceCredit}
 *       inside the closing transaction; −1 per draw).</li>
 *   <li>Draws: {@link anquanli.lottery.LotteryService#draw}; stock decisions in one Redis script
 *       ({@link anquanli.lottery.LotteryStock}); PostgreSQL {@code lottery_draw} is what was issued.</li>
 *   <li>Redis = PostgreSQL: {@link anquanli.lottery.LotteryReconciler} (schedule, admin endpoint, and automatically
 *       when a draw finds Redis empty).</li>
 *   <li>Claims: {@link anquanli.lottery.ClaimProtector} (sealed by {@link anquanli.common.FieldCipher}, purpose
 *       "claim").</li>
 *   <li>Fulfilment (发奖): the national office records each claimed prize's step
 *       ({@link anquanli.lottery.Lottery.Fulfilment}: goods SHIPPED with carrier and tracking, then DELIVERED; phone
 *       credit FULFILLED) in {@code lottery_claim}; the claims list and export show it. Once a step is recorded the
 *       winner can no longer change the claim's details.</li>
 * </ul>
 *
 * <h2>Prize points are the participant's own</h2>
 * A POINTS prize credits its amount to the winner in {@code points_ledger} (reason {@code LOTTERY}, the draw in the
 * unique {@code draw_id}), in the same transaction that records the draw, so a draw credits exactly once and a
 * retried request (same request id, same draw) credits nothing more. Design decision: these are the participant's
 * personal points (shown as {@code pointsWon} in {@code GET /api/v1/me/lottery}). The competition rankings and the
 * progress report count answering only (reason {@code ATTEMPT}): luck never moves a region or a unit, and a region's
 * figures do not depend on how generous the prize pool was. Every reader of the ledger for boards or statistics
 * ({@code LeaderboardRebuilder}, {@code LeaderboardWriter}, {@code CompetitionSection}) filters on the reason.
 *
 * <h2>Lottery fairness: how anyone can check the draws</h2>
 * <ol>
 *   <li>When the pool is set up, a random 32-byte seed is made and {@code commitment = sha256(seed)} is published
 *       ({@code GET /api/v1/campaigns/{id}/lottery/fairness}). The seed is revealed there once the draw deadline has
 *       passed; check {@code sha256(hex-decoded seed) == commitment}.</li>
 *   <li>A draw's id is derived from the participant and the request id their app chose
 *       ({@link anquanli.lottery.DrawAlgorithm#drawId}), so the service cannot pick ids to steer outcomes; the number
 *       is {@code r = first 8 bytes of HMAC-SHA256(key = seed, message = draw id as lower-case text)}, unsigned
 *       big-endian, {@code mod totalWeight}.</li>
 *   <li>Tiers in rank order take consecutive intervals of their weight from 0; an r past them all is "thanks".</li>
 *   <li>Fetch all draws ({@code GET /api/v1/campaigns/{id}/lottery/draws}) and walk them in {@code seq} order (the
 *       order in which Redis decided them). A tier is available to a draw when its released units exceed the units
 *       issued by earlier draws and the participant (a pseudonym: the same for all their draws in the campaign, a keyed
 *       hash that cannot be traced back to them) has won it fewer than {@code perPersonLimit} times.
 *       Released units = the stock history up to the draw's time, and with a daily release at most
 *       {@code dailyRelease × (localDay − startDate + 1)}. The prize is the hit tier if available, else the next
 *       available lower tier, else thanks; it must equal the published {@code prizeRank}.</li>
 * </ol>
 * {@link anquanli.lottery.FairnessReplay} implements this; LotteryDrawTest runs it against live draws.
 * <p>
 * Exactness: the replay equals the live outcomes as long as Redis held exactly released − issued at every draw, which
 * the locking guarantees. Three rare events can make a later draw see one unit fewer than the replay assumes, and are
 * visible as a mismatch (never as an over-issue): a draw whose recording failed after Redis decided (its unit is
 * given back at once), a process that died between the Redis step and the commit (the unit is missing until the next
 * reconciliation), and stock added while draws run (the event's time and the commit differ by milliseconds).
 */
package anquanli.lottery;
