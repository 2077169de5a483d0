#!/usr/bin/env bash
# make bench: harmony-plan on generated sites of 1,000 and 10,000 hosts
# (the real binary: median wall time of five runs, peak RSS, plan size, and
# the growth from 1,000 to 10,000), then the in-process Go benchmark with
# its allocations. Targets: 10,000 hosts in ≤ 1 s and ≤ 256 MB, growth near
# linear. Figures are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build >/dev/null
echo "== harmony-plan, the binary"
go run ./cmd/internal/benchplan -bin bin/harmony-plan -hosts "${HOSTS:-1000,10000}" -runs "${RUNS:-5}"
echo
echo "== planning in process (go test -bench)"
go test -run '^$' -bench BenchmarkPlan -benchtime "${BENCHTIME:-3x}" ./cmd/internal/planner | grep -E '^Benchmark|^ok'

echo
echo "== start-up: --version, median of ${STARTS:-51} runs each (target: the small tools ≤ 10 ms; harmony-k8s alone links client-go and Helm)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
small_max=0
for t in bin/harmony-*; do
  for _ in $(seq "${STARTS:-51}"); do
    s=$(date +%s%N); "$t" --version >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 ))
  done | median > /tmp/harmony-start.$$
  us=$(cat /tmp/harmony-start.$$)
  name=$(basename "$t")
  awk -v n="$name" -v us="$us" 'BEGIN { printf "%-22s %6.2f ms\n", n, us / 1000 }'
  if [[ $name == harmony-k8s ]]; then k8s_us=$us; elif (( us > small_max )); then small_max=$us; fi
done
rm -f /tmp/harmony-start.$$
awk -v k="${k8s_us:-0}" -v s="$small_max" 'BEGIN { if (s > 0) printf "harmony-k8s starts in %.2f ms, %.1f× the slowest small tool (%.2f ms)\n", k / 1000, k / s, s / 1000 }'

echo
echo "== harmony-apply-opnsense on the simulator: 1,000 reservations + 1,000 host overrides from empty, then the no-op run; batched (one model set per model) and written one by one (as before, and as the Terraform provider does)"
go test -run '^$' -bench BenchmarkConverge -benchtime 1x ./lib/infra/opnsense | grep -E '^Benchmark' | tr '\t' '\n' | sed -n 's/^ *//; /[a-z]-/p'

echo
echo "== harmony-state record: a plan of 10,000+ steps (1,250 hosts), three records"
tmp=$(mktemp -d)
go run ./cmd/internal/benchplan -bin bin/harmony-plan -hosts 1250 -runs 1 -dir "$tmp" >/dev/null
bin/harmony-plan "$tmp/site-1250" > "$tmp/plan.json"
echo "plan: $(grep -o '"score":' "$tmp/plan.json" | wc -l) steps, $(( $(wc -c < "$tmp/plan.json") / 1024 )) KiB"
for i in 1 2 3; do
  before=$({ du -sk "$tmp/state" 2>/dev/null || echo 0; } | cut -f1)
  start=$(date +%s%N)
  bin/harmony-state record --init --repo "$tmp/state" < "$tmp/plan.json" > /dev/null 2>&1
  end=$(date +%s%N)
  after=$(du -sk "$tmp/state" | cut -f1)
  awk -v i="$i" -v ms="$(( (end - start) / 1000000 ))" -v kb="$(( after - before ))" 'BEGIN { printf "record %d: %d ms, repository +%d KiB\n", i, ms, kb }'
done
rm -rf "$tmp"

echo
echo "== harmony-pxe: scripts served for 1,000 MACs over HTTP"
go test -run '^$' -bench BenchmarkServe -benchtime 5000x ./lib/infra/pxe | grep -E '^Benchmark'

echo
echo "== harmony-bmc: power and boot device of 50 real BMCs (ipmi_sim), 16 at once, against an ipmitool loop"
if command -v ipmi_sim >/dev/null; then
  go test -run '^$' -bench BenchmarkStatus50 -benchtime 1x ./lib/infra/ipmi | grep -E '^Benchmark'
  echo "-- next boot PXE and power on, then the no-op run; against an ipmitool loop and xargs -P16 ipmitool (targets: 6 and 2 chassis calls a host; ≥ 10× and ≥ 4×)"
  go test -run '^$' -bench BenchmarkPowerOn50 -benchtime 1x ./lib/infra/ipmi | grep -E '^Benchmark' | tr '\t' '\n' | sed -n 's/^ *//; /[a-z]/p' | grep -v '^Benchmark\|ns/op'
else
  echo "skipped: ipmi_sim is not installed (scripts/deps.sh installs openipmi)"
fi

echo
echo "== harmony-bmc over Redfish: a one-time PXE boot and power on for 50 BMCs (the simulator), 16 at once, then the no-op run; against a redfishtool loop and xargs -P16 redfishtool (targets: ≥ 10× and ≥ 4×)"
go test -run '^$' -bench BenchmarkPowerOn50 -benchtime 1x ./lib/infra/redfish | grep -E '^Benchmark' | tr '\t' '\n' | sed -n 's/^ *//; /[a-z]/p' | grep -v '^Benchmark\|ns/op'

echo
echo "== harmony-switch on the FastIron simulator: a 48-port switch, 24 two-port host LAGs from empty, then the no-op run"
echo "   (target for the no-op: one session, zero configuration commands)"
go test -run '^$' -bench BenchmarkConverge48 -benchtime 1x ./lib/infra/brocade | grep -E '^Benchmark' | tr '\t' '\n' | sed -n 's/^ *//; /[a-z]-/p'

echo
echo "== failover across sites: three sites, real PostgreSQL 15, a writer committing throughout (durability sync); the primary's site lost (its database, agent and NATS node killed) at a seeded moment, ${HARMONY_FAILOVER_SEEDS:-20} times for harmony-agent, 3 for the anchor, Patroni over etcd (ttl 20, loop_wait 2, retry_timeout 5, synchronous mode); targets: writes resume ≤ 7 s, 0 rows lost, 3× faster than Patroni; a planned switchover pauses writes ≤ 1 s"
if [[ $(id -u) == 0 && ! -x /usr/bin/patroni ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends patroni etcd-server >/dev/null 2>&1 || true
fi
out=$(HARMONY_FAILOVER_SEEDS=${HARMONY_FAILOVER_SEEDS:-20} go test -run '^$' -bench 'BenchmarkFailover$|BenchmarkSwitchover$' -benchtime 1x -timeout 30m ./lib/infra/failover | grep -E '→' || true)
anchor=$(HARMONY_FAILOVER_SEEDS=3 go test -run '^$' -bench 'BenchmarkPatroni$' -benchtime 1x -timeout 30m ./lib/infra/failover | grep -E '→|SKIP|skipped' || true)
printf '%s\n%s\n' "$out" "$anchor"
ours=$(sed -n 's/^harmony-agent  site loss.*median *\([0-9.]*\) s.*/\1/p' <<<"$out")
theirs=$(sed -n 's/^Patroni .*median *\([0-9.]*\) s.*/\1/p' <<<"$anchor")
if [[ -n $ours && -n $theirs ]]; then
  awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "median failover: harmony-agent %.2f s, Patroni %.2f s: %.1f× faster\n", o, t, t / o }'
fi
