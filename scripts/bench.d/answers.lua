-- Shared by the wrk scripts here: numbers each thread (tid) and, when the run is done, prints
-- how many answers each thread's response() counted in its global `bad`. scripts/bench stops
-- on any.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("bad answers: %d\n", b))
end
