-- wrk script: posts pre-generated, distinct, signed webhook deliveries at a target rate.
-- args: BODIES_FILE FIRST_LINE LAST_LINE DELAY_MS
-- Each line of BODIES_FILE is "signature<TAB>uuid<TAB>body"; lines FIRST..LAST are shared out
-- between wrk's threads (line i goes to thread i % threads), so no body is sent twice while
-- the phase stays within its share. Each connection waits ~DELAY_MS (randomised, same mean)
-- before each request: rate ~= connections * 1000 / (DELAY_MS + latency).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, first, last = args[1], tonumber(args[2]), tonumber(args[3])
  delay_ms = tonumber(args[4])
  nthreads = tonumber(args[5])
  requests_ = {}
  non200 = 0
  wrapped = 0
  local i = 0
  for line in io.lines(file) do
    if i >= first and i <= last and (i % nthreads) == tid then
      local sig, uuid, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      table.insert(requests_, wrk.format("POST", wrk.path, {
        ["Content-Type"] = "application/json",
        ["User-Agent"] = "axios/1.7.2",
        ["rtk-signature"] = sig,
        ["rtk-uuid"] = uuid,
        ["rtk-webhook-id"] = "bench",
      }, body))
    end
    i = i + 1
  end
  math.randomseed(os.time() + tid)
end

function delay()
  return math.random() * 2 * delay_ms
end

function request()
  local r = requests_[counter]
  counter = counter + 1
  if counter > #requests_ then
    counter = 1
    wrapped = wrapped + 1
  end
  return r
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad, wraps = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    wraps = wraps + t:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d non200=%d connect_err=%d read_err=%d write_err=%d timeouts=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f reused_bodies=%d\n",
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, wraps))
end
