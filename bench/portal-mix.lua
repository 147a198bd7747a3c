-- wrk's request mix for bench/portal-overhead: of every 10 calls on a connection's thread, 9
-- reads (the device list, one device, the skill list, in turn) and 1 state-changing call (a
-- device's stop action, which an operator may make). From the environment: BENCH_PROJECT (the
-- service's project id), BENCH_NODE (a device id), BENCH_AUTH (an Authorization header's
-- value, or empty for none). done() prints how many stops were sent ("stops sent: N").
local project = os.getenv("BENCH_PROJECT")
local node = os.getenv("BENCH_NODE")
local auth = os.getenv("BENCH_AUTH") or ""

local function headers(extra)
  local h = { ["Accept"] = "application/json" }
  if auth ~= "" then h["Authorization"] = auth end
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

-- BENCH_RATE (optional): the calls per second each wrk thread sends, on a fixed schedule
-- whatever the answers' speed (so "on" and "off" are compared under the same load); unset, each
-- connection sends its next call as soon as its answer comes.
local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *t);
  ]]
  local t = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, t) -- CLOCK_MONOTONIC
    return tonumber(t.tv_sec) * 1000 + tonumber(t.tv_nsec) / 1e6
  end
  local interval, due = 1000 / rate, nil
  -- wrk asks before each connection's next call how many ms to wait: the next slot of this
  -- thread's schedule (one fallen more than 50 ms behind is moved up to 50 ms behind now, so
  -- it catches up in a short burst, not a long one).
  function delay()
    local now = now_ms()
    due = math.max((due or now) + interval, now - 50)
    return math.max(0, due - now)
  end
end

local cycle = {}
stops = 0

function init(args)
  local reads = {
    "/api/v3/" .. project .. "/ai-mgr/nodes?limit=10&offset=0",
    "/api/v3/" .. project .. "/ai-mgr/nodes/" .. node,
    "/api/v1/skill-market/skills?limit=10&offset=0",
  }
  for i = 0, 8 do
    cycle[#cycle + 1] = wrk.format("GET", reads[i % 3 + 1], headers())
  end
  -- The console's header too: without a token ("off") a state-changing call needs it; with
  -- one it changes nothing. An empty body, sent with its length (0).
  local stop = "/api/v3/" .. project .. "/ai-mgr/nodes/" .. node .. "/action/stop"
  cycle[#cycle + 1] = wrk.format("POST", stop, headers({ ["X-HiLens-Console"] = "1" }), "")
end

local i = 0
function request()
  i = i % #cycle + 1
  if i == #cycle then stops = stops + 1 end
  return cycle[i]
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("stops") end
  io.write(string.format("stops sent: %d\n", n))
end
