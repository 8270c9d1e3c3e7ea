-- Sends prepared requests in turn: one per line of the file given after `--`, as
--   METHOD <tab> PATH <tab> ACCESS_TOKEN <tab> JSON_BODY (may be empty)
-- so each request carries another user's token and other URL parameters.
-- Thread k of n takes lines k, k+n, k+2n, ...: no line is sent by two threads, so the booking
-- run books each prepared slot at most once until a thread runs out and starts over (`wrapped`).
-- At the end one line "WRKJSON {...}" carries the totals, the latency percentiles (microseconds)
-- and the count of every HTTP status, for bench/run.py to read.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  local file, thread_count = args[1], tonumber(args[2])
  prepared = {}
  local line_number = 0
  for line in io.lines(file) do
    if line_number % thread_count == thread_number - 1 then
      local method, path, token, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
      local headers = { ["Authorization"] = "Bearer " .. token }
      if body == "" then
        body = nil
      else
        headers["Content-Type"] = "application/json"
      end
      table.insert(prepared, wrk.format(method, path, headers, body))
    end
    line_number = line_number + 1
  end
  position = 0
  wrapped = 0
  statuses = {}
end

function request()
  position = position + 1
  if position > #prepared then
    position = 1
    wrapped = wrapped + 1
  end
  return prepared[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged, wraps = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
    wraps = wraps + thread:get("wrapped")
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s},"wrapped":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ","), wraps))
end
