-- wrk script: cycle through the request paths of the file in URLS (one per
-- line), and print exact p50/p99/max and the error count at the end.
local paths = {}
local file = os.getenv("URLS")
for line in io.lines(file) do
  if line ~= "" then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
