-- wrk script: POST /session, the request every client makes on start. With BENCH_LOGIN set it is a user
-- session (login/password, so one Argon2id verification per request); without, an application session.
-- Credentials come from the environment (bench/rest-bench.sh sets them).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local login = os.getenv("BENCH_LOGIN") or ""
if login ~= "" then
  wrk.body = string.format('{"application_id":%s,"auth_key":"%s","user":{"login":"%s","password":"%s"}}',
    os.getenv("BENCH_APP_ID"), os.getenv("BENCH_AUTH_KEY"), login, os.getenv("BENCH_PASSWORD"))
else
  wrk.body = string.format('{"application_id":%s,"auth_key":"%s"}', os.getenv("BENCH_APP_ID"), os.getenv("BENCH_AUTH_KEY"))
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.1f ms  p99: %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
