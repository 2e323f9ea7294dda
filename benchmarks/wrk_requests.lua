-- wrk script: requests read from a file, one per line: METHOD<TAB>PATH<TAB>TOKEN or -<TAB>JSON BODY or -
-- Each wrk thread starts at its own offset and cycles; done() prints one JSON line the benchmark reads.
-- Usage: wrk -t2 -c8 -d10s -s benchmarks/wrk_requests.lua http://127.0.0.1:PORT -- requests.tsv

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    local method, path, token, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    local headers = {}
    if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
    if body == "-" then body = nil else headers["Content-Type"] = "application/json" end
    lines[#lines + 1] = wrk.format(method, path, headers, body)
  end
  counter = id * 7919
  ok, refused, failed, other = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  return lines[(counter % #lines) + 1]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  elseif status == 409 then refused = refused + 1
  elseif status >= 500 then failed = failed + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local n = {ok = 0, refused = 0, failed = 0, other = 0}
  for _, t in ipairs(threads) do
    for k, _ in pairs(n) do n[k] = n[k] + t:get(k) end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "ok": %d, "refused": %d, "errors": %d, ' ..
    '"other_4xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    n.ok, n.refused, n.failed, n.other, e.connect + e.read + e.write + e.timeout))
end
