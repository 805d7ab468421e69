-- Applies one closed attempt's outbox entry to every board it touches, atomically, in one round trip, at most once.
-- Scores encode a value and when it was reached: value * 2^22 + (2^22 - 1 - t), t = seconds since the campaign
-- started, so among equal values whoever got there first ranks higher (ZREVRANGE order).
-- KEYS[1] applied entries (sorted set: entry id -> when applied, ms), KEYS[2] the rebuilding marker,
-- KEYS[3] the count of entries applied since the boards were last built; further keys are the boards.
-- ARGV[1] = entry id, ARGV[2] = now (ms), ARGV[3] = t; then a list of operations:
--   A keyIndex member delta          add delta to member's value (a zero delta only creates a missing member)
--   R keyIndex sourceIndex member base  rate board: parts-per-million of source value over base, keeping the
--                                        source's time component
--   H keyIndex field value           HSET
--   X keyIndex unixSeconds           expire the key then, unless it already has an expiry (daily boards)
-- Returns 0 while the boards are being rebuilt (nothing applied: the entry stays in the outbox), 1 when the entry
-- was applied before (a relay that crashed before deleting it), 2 when applied now.
local SHIFT = 4194304
-- Scores go to Redis as integer strings: exact up to 2^53 whatever the Lua number formatting of the Redis version.
local function int(x) return string.format('%.0f', x) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('INCR', KEYS[3])
return 2
end
local t = tonumber(ARGV[3])
local stamp = SHIFT - 1 - t
local i = 4
local n = #ARGV
while i <= n do
  local op = ARGV[i]
  if op == 'A' then
    local key = KEYS[tonumber(ARGV[i + 1])]
    local member = ARGV[i + 2]
    local delta = tonumber(ARGV[i + 3])
    local cur = redis.call('ZSCORE', key, member)
    if cur then
      if delta ~= 0 then
        local value = math.floor(tonumber(cur) / SHIFT)
        redis.call('ZADD', key, int((value + delta) * SHIFT + stamp), member)
      end
    else
      redis.call('ZADD', key, int(delta * SHIFT + stamp), member)
    end
    i = i + 4
  elseif op == 'R' then
    local key = KEYS[tonumber(ARGV[i + 1])]
    local source = KEYS[tonumber(ARGV[i + 2])]
    local member = ARGV[i + 3]
    local base = tonumber(ARGV[i + 4])
    local cur = redis.call('ZSCORE', source, member)
    if cur then
      local score = tonumber(cur)
      local value = math.floor(score / SHIFT)
      local ppm = math.floor(value * 1000000 / base)
      redis.call('ZADD', key, int(ppm * SHIFT + (score - value * SHIFT)), member)
    end
    i = i + 5
  elseif op == 'H' then
    redis.call('HSET', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'X' then
    redis.call('EXPIREAT', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], 'NX')
    i = i + 3
  else
    return redis.error_reply('unknown op ' .. tostring(op))
  end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('INCR', KEYS[3])
return 2
