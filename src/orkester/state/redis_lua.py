"""The Lua scripts behind :mod:`orkester.state.redis`. Each runs atomically inside Redis.

Every script gets ``ARGV[1]`` = key prefix and ``ARGV[2]`` = now (epoch seconds, or -1 for the Redis
server's own ``TIME``, so every host agrees on one clock). Keys, with ``P`` the prefix and ``S`` a
scope's ``kind:id``:

    P b:S:d<day> / P b:S:m<month> / P b:S:t   hash {spent, reserved} in µUSD (day and month keys expire)
    P r:<id>                                  hash {state, amount, keys}: a reservation; state is
                                              live → settled | released | expired (→ settled by a late settle)
    P rexp                                    sorted set: live reservation id by expiry time
    P q:S                                     sorted set: rate-limit grant id by time (the last 60 s)
    P qt:S / P qs:S                           hash grant id → tokens, and their sum

Numbers leave the scripts as strings: Redis would truncate a Lua number reply to an integer.
"""

from __future__ import annotations

_COMMON = """
local P = ARGV[1]
local now = tonumber(ARGV[2])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local GRACE = 86400

-- year * 12 + month - 1 of a day number (days since 1970-01-01), after H. Hinnant's civil_from_days
local function month_of(day)
  local z = day + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y * 12 + m - 1
end

-- end a reservation: live ones give back what they hold; `actual` (a string of µUSD) is added as spent.
-- An expired one can still be settled (a late answer), never released twice or settled twice.
local function finish(rid, state, actual)
  local r = P .. 'r:' .. rid
  redis.call('ZREM', P .. 'rexp', rid)
  local f = redis.call('HMGET', r, 'state', 'amount', 'keys')
  local was = f[1]
  if not (was == 'live' or (was == 'expired' and state == 'settled')) then return 0 end
  local spend = tonumber(actual) > 0
  for _, k in ipairs(cjson.decode(f[3])) do
    if was == 'live' then redis.call('HINCRBY', k, 'reserved', 0 - tonumber(f[2])) end
    if spend then redis.call('HINCRBY', k, 'spent', actual) end
  end
  redis.call('HSET', r, 'state', state)
  redis.call('EXPIRE', r, GRACE)
  return 1
end

local function sweep()
  local ids = redis.call('ZRANGEBYSCORE', P .. 'rexp', '-inf', now, 'LIMIT', 0, 256)
  for _, rid in ipairs(ids) do finish(rid, 'expired', '0') end
end
"""

#: ARGV[3..]: id, amount, ttl, n, then n times (scope, day limit, month limit, total limit); -1: no limit.
#: Returns {1, day, month, expires} or {0, scope index, window index (1..3), limit, spent, reserved, day, month}.
RESERVE = (
    _COMMON
    + """
sweep()
local id, amount, ttl, n = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local day = math.floor(now / 86400)
local month = month_of(day)
local wins = {'d' .. day, 'm' .. month, 't'}
local lifetimes = {40 * 86400, 400 * 86400, -1}
local keys = {}
for i = 0, n - 1 do
  local base = P .. 'b:' .. ARGV[7 + i * 4] .. ':'
  for w = 1, 3 do
    local k = base .. wins[w]
    local limit = tonumber(ARGV[7 + i * 4 + w])
    if limit >= 0 then
      local v = redis.call('HMGET', k, 'spent', 'reserved')
      local spent, reserved = tonumber(v[1]) or 0, tonumber(v[2]) or 0
      if spent + reserved + amount > limit then
        return {0, i, w, ARGV[7 + i * 4 + w], tostring(spent), tostring(reserved), day, month}
      end
    end
    keys[#keys + 1] = k
  end
end
for j, k in ipairs(keys) do
  redis.call('HINCRBY', k, 'reserved', ARGV[4])
  local life = lifetimes[(j - 1) % 3 + 1]
  if life > 0 then redis.call('EXPIRE', k, life) end
end
local expires = now + ttl
redis.call('HSET', P .. 'r:' .. id, 'state', 'live', 'amount', ARGV[4], 'keys', cjson.encode(keys))
redis.call('ZADD', P .. 'rexp', expires, id)
return {1, day, month, tostring(expires)}
"""
)

#: ARGV[3..]: id, actual µUSD, 'settled' or 'released'. Returns 1 if this call ended the reservation.
FINISH = _COMMON + "return finish(ARGV[3], ARGV[5], ARGV[4])\n"

#: ARGV[3]: scope. Returns {day, month, day spent, day reserved, month spent, ..., total reserved}.
SPENT = (
    _COMMON
    + """
sweep()
local day = math.floor(now / 86400)
local month = month_of(day)
local out = {day, month}
for _, w in ipairs({'d' .. day, 'm' .. month, 't'}) do
  local v = redis.call('HMGET', P .. 'b:' .. ARGV[3] .. ':' .. w, 'spent', 'reserved')
  out[#out + 1] = v[1] or '0'
  out[#out + 1] = v[2] or '0'
end
return out
"""
)

_RATE_COMMON = """
local function batched(cmd, key, list)
  for s = 1, #list, 1000 do
    redis.call(cmd, key, unpack(list, s, math.min(s + 999, #list)))
  end
end
"""

#: ARGV[3..]: id, tokens, n, then n times (scope, rpm, tpm); -1: no limit.
#: Returns {1, now} or {0, scope index, 'rpm'|'tpm', limit, used, retry after s}.
ACQUIRE = (
    _COMMON
    + _RATE_COMMON
    + """
local id, tokens, n = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local cutoff = now - 60
for i = 0, n - 1 do
  local sk = ARGV[6 + i * 3]
  local z, h, s = P .. 'q:' .. sk, P .. 'qt:' .. sk, P .. 'qs:' .. sk
  local old = redis.call('ZRANGEBYSCORE', z, '-inf', cutoff)
  if #old > 0 then
    local gone = 0
    for b = 1, #old, 1000 do
      for _, v in ipairs(redis.call('HMGET', h, unpack(old, b, math.min(b + 999, #old)))) do
        gone = gone + (tonumber(v) or 0)
      end
    end
    redis.call('ZREMRANGEBYSCORE', z, '-inf', cutoff)
    batched('HDEL', h, old)
    redis.call('DECRBY', s, gone)
  end
  local count = redis.call('ZCARD', z)
  local sum = tonumber(redis.call('GET', s) or '0')
  local rpm, tpm = tonumber(ARGV[7 + i * 3]), tonumber(ARGV[8 + i * 3])
  if rpm >= 0 and count + 1 > rpm then
    local retry = 60
    if rpm > 0 then
      local e = redis.call('ZRANGE', z, count - rpm, count - rpm, 'WITHSCORES')
      retry = tonumber(e[2]) + 60 - now
    end
    return {0, i, 'rpm', ARGV[7 + i * 3], tostring(count), tostring(retry)}
  end
  if tpm >= 0 and sum + tokens > tpm then
    local retry = 60
    if tokens <= tpm then
      local need, freed = sum + tokens - tpm, 0
      local e = redis.call('ZRANGE', z, 0, -1, 'WITHSCORES')
      for j = 1, #e, 2 do
        freed = freed + (tonumber(redis.call('HGET', h, e[j])) or 0)
        if freed >= need then
          retry = tonumber(e[j + 1]) + 60 - now
          break
        end
      end
    end
    return {0, i, 'tpm', ARGV[8 + i * 3], tostring(sum), tostring(retry)}
  end
end
for i = 0, n - 1 do
  local sk = ARGV[6 + i * 3]
  local z, h, s = P .. 'q:' .. sk, P .. 'qt:' .. sk, P .. 'qs:' .. sk
  redis.call('ZADD', z, now, id)
  redis.call('HSET', h, id, ARGV[4])
  redis.call('INCRBY', s, ARGV[4])
  for _, k in ipairs({z, h, s}) do redis.call('EXPIRE', k, 120) end
end
return {1, tostring(now)}
"""
)

#: ARGV[3]: scope. Returns {requests, tokens} counted in the last 60 s; read only (acquire prunes).
RATE_USAGE = (
    _COMMON
    + """
local z, h = P .. 'q:' .. ARGV[3], P .. 'qt:' .. ARGV[3]
local ids = redis.call('ZRANGEBYSCORE', z, string.format('(%.6f', now - 60), '+inf')
local sum = 0
for b = 1, #ids, 1000 do
  for _, v in ipairs(redis.call('HMGET', h, unpack(ids, b, math.min(b + 999, #ids)))) do
    sum = sum + (tonumber(v) or 0)
  end
end
return {tostring(#ids), tostring(sum)}
"""
)

#: ARGV[3..]: id, actual tokens, then the grant's scopes. A grant already out of the window is left alone.
SETTLE_TOKENS = (
    _COMMON
    + """
local id, actual = ARGV[3], ARGV[4]
for i = 5, #ARGV do
  local h = P .. 'qt:' .. ARGV[i]
  local old = redis.call('HGET', h, id)
  if old then
    redis.call('HSET', h, id, actual)
    redis.call('INCRBY', P .. 'qs:' .. ARGV[i], tonumber(actual) - tonumber(old))
  end
end
return 1
"""
)
