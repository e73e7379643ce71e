-- The request of one `make bench` run (scripts/bench.sh), from the file named by BENCH_REQUEST:
--   METHOD PATH
--   Header: value
--   ...
--   (blank line)
--   body
-- Tokens stay in that file (mode 600), not on wrk's command line where `ps` would show them.
-- Every response is checked: a non-2xx status, or a body without BENCH_EXPECT (e.g. "active":true),
-- counts as a failure, and done() prints one line of figures that bench.sh reads.

local function read(path)
  local file = assert(io.open(path, "rb"), "cannot read " .. tostring(path))
  local text = file:read("*a")
  file:close()
  return text
end

local request = read(os.getenv("BENCH_REQUEST"))
local head, body = request:match("^(.-)\n\n(.*)$")
local first = true
for line in head:gmatch("[^\n]+") do
  if first then
    wrk.method, wrk.path = line:match("^(%S+)%s+(%S+)$")
    first = false
  else
    local name, value = line:match("^([^:]+):%s*(.*)$")
    wrk.headers[name] = value
  end
end
if body ~= "" then
  wrk.body = body
end
local expect = os.getenv("BENCH_EXPECT") or ""

-- Each wrk thread has its own Lua state: keep the threads to add up their counters in done().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx, unexpected, checked = 0, 0, 0
end

function response(status, headers, text)
  checked = checked + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif expect ~= "" and not text:find(expect, 1, true) then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad, wrong, seen = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    wrong = wrong + thread:get("unexpected")
    seen = seen + thread:get("checked")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d checked=%d non2xx=%d unexpected=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    seen, bad, wrong, e.connect + e.read + e.write + e.timeout))
end
