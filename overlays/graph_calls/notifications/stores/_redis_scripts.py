"""The Lua scripts of the Redis store: the ``state`` module's rules, each applied atomically in Redis.

Redis runs a script whole, with nothing interleaved, so two instances applying updates at once (or out of
order) cannot interleave a read and a write: every instance's notifications meet in one order, and the
rules below make that order irrelevant where Graph gives one (roster sequence numbers, the rank of call
states, the first completion of an operation).

``APPLY`` applies a batch (one ``apply_all``): all of it or, if Redis fails first, none of it. Each
notification is a JSON object the store encodes (``t``: ``call``, ``roster``, ``sessions``, ``touch`` or
``op``); the models are stored as the JSON Graph sent, encoded once by Python so Lua never re-encodes them.
``READ`` returns one call, or every call in the order first heard of, in one atomic read.

Keys (``P`` is ``graph_calls:<namespace>:``; ``k`` a call id as compared, lower case without hyphens):

- ``P calls`` (zset: call → order first heard of), ``P callseq`` (its counter), ``P ended`` (zset: ended
  call → when it ended, µs), ``P events`` (the pub/sub channel: ``o:<op>\\n<json>``, ``c:<call>``);
- per call: ``P call:k`` (hash: ``id``, ``state``, ``call``, ``ended``, ``v`` the version, ``joins``),
  ``P roster:k`` (participant → ``[id, json]``), ``P order:k`` (zset: participant → join number),
  ``P seq:k`` (participant → last roster sequence number, removals included), ``P removed:k`` (zset:
  removed participant → when, µs), ``P sessions:k`` (session → ``[id, json]``);
- ``P gone:k`` (a dropped call's id, remembered), ``P seen:k:<hash>`` (the call's version after the
  batch that applied a notification with that content: the same content again with nothing applied to
  the call since is a redelivery, skipped), ``P op:<op>`` (an operation's outcome, ``[model, json]``).

Every key is derived from ``P`` inside the scripts (none is declared): a standalone Redis (or a
primary with replicas), not Redis Cluster.
"""

from __future__ import annotations

from typing import Final

__all__ = ["APPLY", "READ"]

APPLY: Final = r"""
local P = ARGV[1]
local batch = cjson.decode(ARGV[2])
local ended_us = tonumber(ARGV[3])      -- how long an ended call is kept; -1: no time limit
local max_ended = tonumber(ARGV[4])
local removed_us = tonumber(ARGV[5])    -- how long a removal is remembered; -1: no time limit
local max_removed = tonumber(ARGV[6])
local seen_ms = tonumber(ARGV[7])       -- how long a notification's content is remembered
local op_ms = tonumber(ARGV[8])         -- how long an operation's outcome is kept
local forget_ms = tonumber(ARGV[9])     -- how long a dropped call's id is remembered
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local events = P .. 'events'
local RANK = {incoming = 0, establishing = 1, terminating = 3, terminated = 4}

local function rank(state)
  if not state then return -1 end
  return RANK[state] or 2
end

local function call_keys(k)
  return {P .. 'call:' .. k, P .. 'roster:' .. k, P .. 'order:' .. k, P .. 'seq:' .. k,
          P .. 'removed:' .. k, P .. 'sessions:' .. k}
end

-- A score after every other in the zset, at least now: the oldest is popped first, ties included.
local function next_score(zset)
  local top = redis.call('ZRANGE', zset, -1, -1, 'WITHSCORES')
  if top[2] and tonumber(top[2]) >= now then return tonumber(top[2]) + 1 end
  return now
end

local function drop(k)
  redis.call('DEL', unpack(call_keys(k)))
  redis.call('ZREM', P .. 'calls', k)
  redis.call('ZREM', P .. 'ended', k)
  if forget_ms > 0 then redis.call('SET', P .. 'gone:' .. k, '1', 'PX', forget_ms) end
  redis.call('PUBLISH', events, 'c:' .. k)
end

local function record(k, id)
  local meta = P .. 'call:' .. k
  if redis.call('EXISTS', meta) == 1 then return meta, false end
  if redis.call('EXISTS', P .. 'gone:' .. k) == 1 then return nil, false end
  redis.call('HSET', meta, 'id', id, 'v', '0', 'joins', '0')
  redis.call('ZADD', P .. 'calls', redis.call('INCR', P .. 'callseq'), k)
  return meta, true
end

local function mark_ended(k, meta)
  redis.call('HSET', meta, 'ended', '1')
  local ended = P .. 'ended'
  if ended_us >= 0 then redis.call('ZREMRANGEBYSCORE', ended, '-inf', now - ended_us) end
  redis.call('ZADD', ended, next_score(ended), k)
  if ended_us == 0 then
    drop(k)
  elseif ended_us > 0 then
    local ttl = math.ceil(ended_us / 1000)
    for _, key in ipairs(call_keys(k)) do redis.call('PEXPIRE', key, ttl) end
    redis.call('SET', P .. 'gone:' .. k, '1', 'PX', ttl + math.max(forget_ms, 1))
  end
  while redis.call('ZCARD', ended) > max_ended do
    drop(redis.call('ZPOPMIN', ended)[1])
  end
end

local function apply_call(n, k, meta)
  local state = redis.call('HGET', meta, 'state')
  local ended = redis.call('HGET', meta, 'ended') == '1'
  local sent = n.s
  if sent == '' then sent = false end
  if n.del or sent == 'terminated' then
    redis.call('HSET', meta, 'state', 'terminated')
    if n.j ~= '' then redis.call('HSET', meta, 'call', n.j) end
    if not ended then mark_ended(k, meta) end  -- a duplicate end keeps the call no longer
    return true
  end
  if ended then return false end  -- nothing revives an ended call
  if sent and rank(sent) < rank(state) then return false end  -- an older state arriving late
  if n.j ~= '' then redis.call('HSET', meta, 'call', n.j) end
  if sent then redis.call('HSET', meta, 'state', sent) end
  return n.j ~= '' or sent ~= false
end

local function forget_old_removals(k)
  if removed_us < 0 then return end
  local removed = P .. 'removed:' .. k
  for _, p in ipairs(redis.call('ZRANGEBYSCORE', removed, '-inf', now - removed_us)) do
    redis.call('HDEL', P .. 'seq:' .. k, p)
    redis.call('ZREM', removed, p)
  end
end

-- seq: the entry's roster sequence number ('' without one); last: the last applied for the participant.
local function newer(seq, last)
  if not last then return seq end
  if seq == '' then return last end
  if tonumber(seq) <= tonumber(last) then return nil end
  return seq
end

local function upsert(k, meta, p, seq, value)
  local seqs = P .. 'seq:' .. k
  seq = newer(seq, redis.call('HGET', seqs, p))
  if not seq then return false end
  local roster = P .. 'roster:' .. k
  if redis.call('HEXISTS', roster, p) == 0 then  -- (re)joining goes to the end of the roster
    redis.call('ZADD', P .. 'order:' .. k, redis.call('HINCRBY', meta, 'joins', 1), p)
    redis.call('ZREM', P .. 'removed:' .. k, p)
  end
  redis.call('HSET', roster, p, value)
  if seq ~= '' then redis.call('HSET', seqs, p, seq) end
  return true
end

local function remove(k, p, seq)
  local seqs = P .. 'seq:' .. k
  seq = newer(seq, redis.call('HGET', seqs, p))
  if not seq then return false end
  local present = redis.call('HDEL', P .. 'roster:' .. k, p) == 1
  if present then redis.call('ZREM', P .. 'order:' .. k, p) end
  if seq == '' then return present end  -- a removal without a number orders nothing: not remembered
  if max_removed == 0 then
    redis.call('HDEL', seqs, p)
    return present
  end
  local removed = P .. 'removed:' .. k
  redis.call('HSET', seqs, p, seq)
  redis.call('ZADD', removed, next_score(removed), p)
  while redis.call('ZCARD', removed) > max_removed do
    redis.call('HDEL', seqs, redis.call('ZPOPMIN', removed)[1])
  end
  return true
end

local function apply_roster(n, k, meta)
  forget_old_removals(k)
  local changed = false
  for _, e in ipairs(n.e) do  -- {participant key, sequence, removed, value}
    if e[3] then
      changed = remove(k, e[1], e[2]) or changed
    else
      changed = upsert(k, meta, e[1], e[2], e[4]) or changed
    end
  end
  if n.x ~= '' then changed = remove(k, n.x, '') or changed end
  return changed
end

local function apply_sessions(n, k)
  local sessions = P .. 'sessions:' .. k
  for _, e in ipairs(n.e) do  -- {session key, value}
    if n.del then redis.call('HDEL', sessions, e[1]) else redis.call('HSET', sessions, e[1], e[2]) end
  end
  return #n.e > 0
end

local function apply_operation(n)
  local applied = false
  for _, key in ipairs(n.k) do  -- the first completion wins; duplicates are harmless
    if redis.call('SET', P .. 'op:' .. key, n.j, 'NX', 'PX', op_ms) then
      redis.call('PUBLISH', events, 'o:' .. key .. '\n' .. n.j)
      applied = true
    end
  end
  return applied
end

local applied, duplicates = 0, 0
local seen_after = {}  -- each notification's content → its call's version once the whole batch is applied
for _, n in ipairs(batch) do
  if n.t == 'op' then
    if apply_operation(n) then applied = applied + 1 else duplicates = duplicates + 1 end
  else
    local k = n.c
    local meta, created = record(k, n.id)
    if meta then  -- else: a late notification about an ended call already dropped
      local seen = nil
      if n.d ~= '' then seen = P .. 'seen:' .. k .. ':' .. n.d end
      local version = redis.call('HGET', meta, 'v')
      if seen and redis.call('GET', seen) == version then
        duplicates = duplicates + 1
      else
        local changed = created
        if n.t == 'call' then
          changed = apply_call(n, k, meta) or changed
        elseif n.t == 'roster' then
          changed = apply_roster(n, k, meta) or changed
        elseif n.t == 'sessions' then
          changed = apply_sessions(n, k) or changed
        end
        if redis.call('EXISTS', meta) == 1 then  -- else: ended and dropped at once by the limits
          if changed then
            redis.call('HINCRBY', meta, 'v', 1)
            redis.call('PUBLISH', events, 'c:' .. k)
          end
          if seen then seen_after[#seen_after + 1] = {seen, meta} end
          local ttl = redis.call('PTTL', meta)
          if ttl > 0 then  -- an ended call's keys, new ones included, all go when it goes
            for _, key in ipairs(call_keys(k)) do redis.call('PEXPIRE', key, ttl) end
          end
        end
        applied = applied + 1
      end
    end
  end
end
-- Remembered with the version after the batch: the same batch again, with nothing applied since, is
-- skipped whole (its first notifications are not re-applied because its last ones changed the call).
for _, pair in ipairs(seen_after) do
  local version = redis.call('HGET', pair[2], 'v')
  if version then
    local ttl = redis.call('PTTL', pair[2])  -- an ended call's: its redeliveries go when it goes
    if ttl <= 0 or ttl > seen_ms then ttl = seen_ms end
    redis.call('SET', pair[1], version, 'PX', ttl)
  end
end
return {applied, duplicates}
"""

READ: Final = r"""
local P = ARGV[1]
local function read(k)
  local meta = redis.call('HGETALL', P .. 'call:' .. k)
  if #meta == 0 then return nil end
  return {k, meta, redis.call('ZRANGE', P .. 'order:' .. k, 0, -1),
          redis.call('HGETALL', P .. 'roster:' .. k), redis.call('HGETALL', P .. 'sessions:' .. k)}
end
if ARGV[2] ~= '' then
  local one = read(ARGV[2])
  if one then return {one} end
  return {}
end
local found = {}
for _, k in ipairs(redis.call('ZRANGE', P .. 'calls', 0, -1)) do
  local one = read(k)
  if one then found[#found + 1] = one else redis.call('ZREM', P .. 'calls', k) end  -- expired
end
return found
"""
