-- wrk script of benchmarks/load.py: replays prepared HTTP requests and checks each answer.
--
--   wrk -t N -c N -d 20s -s load.lua http://127.0.0.1:PORT -- FILE STATUS TEXT MODE N
--
-- FILE holds raw requests, each as "<byte count>\n<bytes>". A request may contain the
-- marker @@UNIQUE@@ (16 bytes), replaced on every sending by a different 16-digit number,
-- so that uploaded files differ while the Content-Length stays right. Thread i (of N, one
-- connection each) sends requests i, i+N, i+2N…; MODE "cycle" starts over at the end, MODE
-- "once" sends each request once (a draft can be submitted only once). An answer counts as
-- wrong unless its status is STATUS and TEXT (when not "-") is in its Location header
-- (redirects) or its body. done() prints one JSON line for load.py.

local MARKER = "@@UNIQUE@@@@@@@@"
local threads = {}
local records, expected_status, expected_text, once, stride, position
local sent = 0
-- Globals, read across threads by done() through thread:get(); "id" is set by setup().
wrong, exhausted = 0, 0

local function read_records(name)
  local file = assert(io.open(name, "rb"))
  local data = file:read("*a")
  file:close()
  local list, at = {}, 1
  while at <= #data do
    local newline = data:find("\n", at, true)
    local size = tonumber(data:sub(at, newline - 1))
    local raw = data:sub(newline + 1, newline + size)
    local marker = raw:find(MARKER, 1, true)
    if marker then
      list[#list + 1] = { raw:sub(1, marker - 1), raw:sub(marker + #MARKER) }
    else
      list[#list + 1] = { raw }
    end
    at = newline + size + 1
  end
  return list
end

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  records = read_records(args[1])
  expected_status = tonumber(args[2])
  expected_text = args[3]
  once = args[4] == "once"
  stride = tonumber(args[5])
  position = id + 1
end

function request()
  if position > #records then
    if once then
      exhausted = exhausted + 1
      position = #records -- keeps the connection busy; counted as exhausted and wrong
    else
      position = (position - 1) % #records + 1
    end
  end
  local record = records[position]
  position = position + stride
  sent = sent + 1
  if record[2] then
    return record[1] .. string.format("%016d", id * 1000000000 + sent) .. record[2]
  end
  return record[1]
end

function response(status, headers, body)
  local ok = status == expected_status
  if ok and expected_text ~= "-" then
    local where = status >= 300 and (headers["Location"] or headers["location"] or "") or body
    ok = where:find(expected_text, 1, true) ~= nil
  end
  if not ok then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local total_wrong, total_exhausted = 0, 0
  for _, thread in ipairs(threads) do
    total_wrong = total_wrong + thread:get("wrong")
    total_exhausted = total_exhausted + thread:get("exhausted")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"wrong": %d, "exhausted": %d, "socket_errors": %d, "status_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, total_wrong, total_exhausted, errors.connect + errors.read + errors.write + errors.timeout, errors.status
  ))
end
