-- wrk script for scripts/bench: `login` with the right password, cycling through the emails in
-- the file named by the first script argument (one a line); the second argument is the password,
-- the third wrk's thread count. Each thread logs its own share of the users in, so no email is
-- ever attempted twice at once and no login budget refuses. Prints how many answers lacked a token.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "answers.lua")

function init(args)
  local nthreads, i = tonumber(args[3]), 0
  emails = {}
  for line in io.lines(args[1]) do
    if i % nthreads == tid - 1 then emails[#emails + 1] = line end
    i = i + 1
  end
  password, n, bad = args[2], 0, 0
end

function request()
  n = n % #emails + 1
  local body = '{"query":"mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",' ..
    '"variables":{"e":"' .. emails[n] .. '","p":"' .. password .. '"}}'
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"token":"', 1, true) then bad = bad + 1 end
end
