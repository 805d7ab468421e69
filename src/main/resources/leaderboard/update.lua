-- Applies one closed attempt to every board it touches, atomically, in one round trip.
-- Scores encode a value and when it was reached: value * 2^22 + (2^22 - 1 - t), t = seconds since the campaign
-- started, so among equal values whoever got there first ranks higher (ZREVRANGE order).
-- ARGV[1] = t; then a list of operations:
--   A keyIndex member delta          add delta to member's value (a zero delta only creates a missing member)
--   R keyIndex sourceIndex member base  rate board: parts-per-million of source value over base, keeping the
--                                        source's time component
--   H keyIndex field value           HSET
local SHIFT = 4194304
-- Scores go to Redis as integer strings: exact up to 2^53 whatever the Lua number formatting of the Redis version.
local function int(x) return string.format('%.0f', x) end
local t = tonumber(ARGV[1])
local stamp = SHIFT - 1 - t
local i = 2
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
  else
    return redis.error_reply('unknown op ' .. tostring(op))
  end
end
return 1
