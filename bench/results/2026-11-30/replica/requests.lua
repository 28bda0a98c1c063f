-- Parley's load harness script for wrk: cycles through the requests listed in a file (args[1]),
-- one per line: METHOD <tab> PATH <tab> API KEY <tab> BODY (key and body may be empty).
-- A body holding #N# gets a value unique to the run (args[2]), thread and request there, so that
-- appends carry distinct providerMessageIds. done() prints one line starting WRK_RESULT.
local prepared = {}
local index = 0
local counter = 0
local run = "run"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields[1], fields[2], fields[3] or "", fields[4] or ""
end

function init(args)
  run = args[2] or run
  for line in io.lines(args[1]) do
    local method, path, key, body = split(line)
    local headers = {}
    if key ~= "" then
      headers["Authorization"] = "Bearer " .. key
    end
    if body ~= "" then
      headers["Content-Type"] = "application/json"
    end
    if body:find("#N#", 1, true) then
      table.insert(prepared, { method = method, path = path, headers = headers, body = body })
    else
      table.insert(prepared, wrk.format(method, path, headers, body ~= "" and body or nil))
    end
  end
  if #prepared == 0 then
    error("no requests in " .. args[1])
  end
  -- threads start at different places in the list
  index = ((thread_number or 1) - 1) * math.floor(#prepared / 2)
end

function request()
  index = index % #prepared + 1
  local r = prepared[index]
  if type(r) == "string" then
    return r
  end
  counter = counter + 1
  local body = r.body:gsub("#N#", run .. "-" .. (thread_number or 1) .. "-" .. counter)
  return wrk.format(r.method, r.path, r.headers, body)
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationMicros":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"meanMicros":%.1f,"p50Micros":%d,' ..
    '"p90Micros":%d,"p99Micros":%d,"p999Micros":%d,"maxMicros":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
