-- wrk script: POSTs pre-signed, unique webhook bodies (from make_webhooks) to /webhooks/whatsapp.
-- Each wrk thread takes every n-th line so no message id is sent twice.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("WEBHOOKS_FILE")
  local total = tonumber(os.getenv("WRK_THREADS") or "1")
  requests = {}
  local n = 0
  for line in io.lines(path) do
    if n % total == id then
      local tab = line:find("\t", 1, true)
      table.insert(requests, wrk.format("POST", "/webhooks/whatsapp",
        {["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = line:sub(1, tab - 1)},
        line:sub(tab + 1)))
    end
    n = n + 1
  end
  index = 0
  exhausted = 0
end

function request()
  index = index + 1
  if index > #requests then
    index = 1
    exhausted = exhausted + 1
  end
  return requests[index]
end

function done(summary, latency, requests_)
  io.write(string.format("RESULT requests=%d duration_s=%.3f rps=%.0f p50_ms=%.3f p99_ms=%.3f errors_status=%d errors_other=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
