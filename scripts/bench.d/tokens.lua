-- wrk script for scripts/bench: `{ me { user { id } } }` with a token picked at random, on every
-- request, from the file named by the first script argument (one token a line), as many
-- sessions each making a request now and then would. Prints how many answers were not a user.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "answers.lua")

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  math.randomseed(os.time() * 100 + tid)
  bad = 0
end

local query = '{"query":"{ me { user { id } } }"}'

function request()
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]}
  return wrk.format("POST", "/graphql", headers, query)
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) or not body:find('"id"', 1, true) then bad = bad + 1 end
end
