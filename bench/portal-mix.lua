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
