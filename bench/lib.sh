# Shared by the benchmarks that drive hilens-proxy with wrk (bench/proxy-vs-nginx,
# bench/portal-overhead): the fixed fast upstream, CPU ticks from /proc, wrk's summary in
# numbers, callgrind's count, and the summary over interleaved rounds. Sourced, not run.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# Debian's packages of the tools named, installed when missing.
bench_need() {
  local tool pkg
  for tool in "$@"; do
    command -v "$tool" >/dev/null && continue
    case "$tool" in nginx) pkg=nginx-light ;; *) pkg="$tool" ;; esac
    echo "installing $pkg"
    apt-get install -y -qq "$pkg" >/dev/null
  done
}

# A scratch directory ($work) and the processes to stop ($pids), both gone on exit.
work=$(mktemp -d)
pids=()
# HILENS_BENCH_KEEP=1 keeps the directory (logs, profiles) and says where.
bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${HILENS_BENCH_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap bench_cleanup EXIT
mkdir -p "$work/logs"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The fixed fast upstream: an nginx instance of its own (so that no server under test shares
# a process, or a worker's event loop, with it), answering every call with the same small
# JSON, and IAM's token endpoint with $upstream_token (for user mode). Sets $up_port.
upstream_token="MIIEbench$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_upstream() {
  up_port=$(free_port)
  local body='{"data":[{"skill_id":"dc7751f1896d46eba688765d72615de0","name":"createmOXIL","version":"1.0.0","chip":"Ascend 310"}],"total":1}'
  local iam='{"token":{"methods":["password"],"expires_at":"2099-01-01T00:00:00.000000Z","issued_at":"2026-01-01T00:00:00.000000Z","user":{"id":"u","name":"bench","domain":{"name":"bench"}},"project":{"id":"0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c","name":"cn-north-4","domain":{"name":"bench"}}}}'
  cat >"$work/upstream.conf" <<CONF
worker_processes 2;
pid $work/upstream.pid;
error_log $work/logs/upstream-error.log crit;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/ubody; proxy_temp_path $work/uproxy; fastcgi_temp_path $work/ufcgi;
  uwsgi_temp_path $work/uuwsgi; scgi_temp_path $work/uscgi;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$up_port;
    location = /v3/auth/tokens { add_header X-Subject-Token "$upstream_token"; default_type application/json; return 201 '$iam'; }
    location / { default_type application/json; add_header X-Request-Id "bench"; return 200 '$body'; }
  }
}
CONF
  nginx -p "$work" -c "$work/upstream.conf" -g 'daemon off;' &
  pids+=($!)
}

# Sets callgrind_launch: the command prefix that runs a proxy (named $1) under callgrind,
# counting only once told to (callgrind_count).
callgrind_prefix() {
  bench_need valgrind
  callgrind_launch=(valgrind --tool=callgrind --instr-atstart=no "--callgrind-out-file=$work/callgrind-$1.%p")
}

# Counts the instructions that the process $1 (started with callgrind_prefix $2) executes
# while `wrk -d$3s ARGS...` runs (after a 3 s warm-up, not counted), and prints "calls
# instructions not-2xx": the calls wrk had answered, the instructions per call (user space,
# every thread) and how many answers were not 2xx.
callgrind_count() {
  local pid="$1" name="$2" secs="$3" out calls bad total; shift 3
  wrk -d3s "$@" >"$work/logs/callgrind-$name.warm.wrk"
  callgrind_control -i on "$pid" >/dev/null 2>&1
  out=$(wrk -d"${secs}s" "$@")
  callgrind_control -i off "$pid" >/dev/null 2>&1
  callgrind_control -d "$pid" >/dev/null 2>&1
  echo "$out" >"$work/logs/callgrind-$name.wrk"
  calls=$(echo "$out" | awk '/requests in/ { print $1 }')
  bad=$(echo "$out" | awk '/Non-2xx or 3xx responses/ { b += $NF } /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) b += $i + 0 } END { print b + 0 }')
  total=$(for f in "$work"/callgrind-"$name".*; do [ -s "$f" ] && callgrind_annotate "$f" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'; done | awk '{ s += $1 } END { print s + 0 }')
  echo "$calls $((total / calls)) $bad"
}

# CPU time of processes in clock ticks, user and system (every thread of each).
ticks() { local u=0 s=0 p; for p in "$@"; do read -r pu ps < <(awk '{ print $14, $15 }' "/proc/$p/stat"); u=$((u + pu)) s=$((s + ps)); done; echo "$u $s"; }

# One wrk run (`wrk ARGS...`, add --latency) measured against the processes "$1" (a list):
# prints requests/s, p50 ms, p99 ms, the CPU µs per request of those processes (all, user,
# system), then how many answers were not 2xx/3xx or failed. wrk's own output is kept in
# $work/logs/last.wrk (a Lua script's done() may print there).
measure() {
  local procs="$1" out user0 sys0 user1 sys1; shift
  # shellcheck disable=SC2086
  read -r user0 sys0 < <(ticks $procs)
  out=$(wrk "$@")
  # shellcheck disable=SC2086
  read -r user1 sys1 < <(ticks $procs)
  echo "$out" >"$work/logs/last.wrk"
  echo "$out" | awk -v hz="$(getconf CLK_TCK)" -v user=$((user1 - user0)) -v sys=$((sys1 - sys0)) '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 } /requests in/ { n = $1 }
    /Non-2xx or 3xx responses/ { bad += $NF }
    /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) bad += $i + 0 }
    function us(t) { return n ? t / hz * 1e6 / n : 0 }
    END { printf "%.0f %.3f %.3f %.1f %.1f %.1f %d\n", rps, p50, p99, us(user + sys), us(user), us(sys), bad }'
}

ROUND_HEADER_FORMAT='%-6s %-8s %12s %10s %10s %10s %6s %6s %8s\n'
round_header() { printf "$ROUND_HEADER_FORMAT" round server "requests/s" "p50 ms" "p99 ms" "CPU µs" user system "not 2xx"; }
# A round's row (round, server, then measure's seven numbers), shown and added to the file $1.
round_row() { local rows="$1"; shift; printf "$ROUND_HEADER_FORMAT" "$@" | tee -a "$rows"; }

# Mean and median over the rounds in the file $1 of the servers $2 and $3, and the ratios
# $2/$3. One round's hiccup on a shared box (a p99 of 15 ms where the others are 4) moves the
# mean a lot and the median little.
rounds_summary() {
  awk -v a="$2" -v b="$3" '
    function sort(x, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && x[j-1] > x[j]; j--) { t = x[j]; x[j] = x[j-1]; x[j-1] = t } }
    function median(x, n) { sort(x, n); return n % 2 ? x[(n+1)/2] : (x[n/2] + x[n/2+1]) / 2 }
    { k = ++n[$2]; for (c = 3; c <= 8; c++) { v[$2, c, k] = $c; sum[$2, c] += $c } }
    END {
      for (s in n) for (c = 3; c <= 8; c++) { for (i = 1; i <= n[s]; i++) x[i] = v[s, c, i]; mean[s, c] = sum[s, c] / n[s]; med[s, c] = median(x, n[s]) }
      split("mean median", kinds, " ")
      for (t = 1; t <= 2; t++) {
        for (s in n) for (c = 3; c <= 8; c++) m[s, c] = t == 1 ? mean[s, c] : med[s, c]
        printf "%-7s over %d rounds: %s %.0f req/s, p50 %.3f ms, p99 %.3f ms | %s %.0f req/s, p50 %.3f ms, p99 %.3f ms\n", kinds[t], n[a],
          a, m[a, 3], m[a, 4], m[a, 5], b, m[b, 3], m[b, 4], m[b, 5]
      }
      for (t = 1; t <= 2; t++) {
        for (s in n) for (c = 3; c <= 8; c++) m[s, c] = t == 1 ? mean[s, c] : med[s, c]
        printf "ratios %s/%s of the %-7s requests/s %.2f, p50 %.2f, p99 %.2f, CPU µs %.2f\n", a, b, kinds[t] "s:",
          m[a, 3] / m[b, 3], m[a, 4] / m[b, 4], m[a, 5] / m[b, 5], m[a, 6] / m[b, 6]
      }
      for (t = 1; t <= 2; t++) {
        for (s in n) for (c = 3; c <= 8; c++) m[s, c] = t == 1 ? mean[s, c] : med[s, c]
        printf "%-6s CPU µs/request: %s %.1f (user %.1f, system %.1f) | %s %.1f (user %.1f, system %.1f)\n", kinds[t],
          a, m[a, 6], m[a, 7], m[a, 8], b, m[b, 6], m[b, 7], m[b, 8]
      }
    }' "$1"
}

# Ends non-zero, saying NOT VALID, when any answer of the rounds in the file $1 was not 2xx
# (429s from a rate limit, 502s): such a round measured something else.
rounds_valid() {
  awk '$9 > 0 { bad += $9 } END { if (bad) { printf "NOT VALID: %d answers were not 2xx\n", bad; exit 1 } else print "every answer was 2xx" }' "$1"
}

peak_kb() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }
