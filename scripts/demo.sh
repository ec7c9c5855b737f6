#!/usr/bin/env bash
# `make demo`: runs the example flow against a demo store and shows where its
# results are, from the CLI and from the Python client.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
export BRAID_HOME=${BRAID_HOME:-$PWD/.demo-home}

echo "== python examples/pricing.py run --rows 500   (store: $BRAID_HOME)"
"$python" examples/pricing.py run --rows 500

echo
echo "== braid runs PricingFlow"
braid runs PricingFlow | head -5

run=$("$python" -c "from braid import Flow; print(Flow('PricingFlow').latest_run.id)")
echo
echo "== braid show PricingFlow/$run"
braid show "PricingFlow/$run"

echo
echo "== the client API: Flow('PricingFlow').latest_run.data.best"
"$python" -c "from braid import Flow; r = Flow('PricingFlow').latest_run; print(r.data.best, 'at rate', r.data.best_rate)"

echo
echo "== braid arrow head on the stored 'sales' table"
path=$("$python" -c "from braid import Flow; print(Flow('PricingFlow').latest_run['start'].task.artifacts['sales'].path)")
braid arrow head "$path" -n 5
echo
echo "Results are in $BRAID_HOME (metadata: braid.db, artifacts: objects/, logs: logs/)."

echo
echo "== a mixed flow: R steps and a Python step sharing a data.frame (bindings/r/inst/examples/pricing.R)"
demo_r=$(mktemp -d)
cp bindings/r/inst/examples/pricing.R bindings/r/inst/examples/fit.py "$demo_r/"
(cd "$demo_r" && Rscript pricing.R run --rows 500)
Rscript -e 'r <- braid::flow_client("PricingFlowR")$latest_run; cat("from R: best", r$data$best, "in run", r$id, "\n")'
rm -rf "$demo_r"

echo
echo "== runs that start themselves: examples/report.py, deployed, with the trigger service running"
"$python" examples/report.py deploy
braid daemon 2> "$BRAID_HOME/daemon-demo.log" &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null || true' EXIT
# The run an event or an upstream success starts: wait for ReportFlow to have `count` runs that ended.
wait_for_reports() {
  for _ in $(seq 1 200); do
    done_runs=$(braid api get ReportFlow 2>/dev/null | "$python" -c \
      "import json,sys; print(sum(r['status'] in ('succeeded','failed') for r in json.load(sys.stdin)['runs']))" 2>/dev/null || echo 0)
    [ "$done_runs" -ge "$1" ] && return 0
    sleep 0.1
  done
  echo "demo: ReportFlow did not run; the trigger service said:"; cat "$BRAID_HOME/daemon-demo.log"; return 1
}
before=$(braid api get ReportFlow 2>/dev/null | "$python" -c "import json,sys; print(len(json.load(sys.stdin)['runs']))" 2>/dev/null || echo 0)
echo "== braid event publish sales_updated day=2026-12-07"
braid event publish sales_updated day=2026-12-07
wait_for_reports $((before + 1))
run=$("$python" -c "from braid import Flow; print(Flow('ReportFlow').latest_run.id)")
braid show "ReportFlow/$run" | head -4
echo "== python examples/pricing.py run --rows 200   (its success starts ReportFlow)"
"$python" examples/pricing.py run --rows 200 2>/dev/null
wait_for_reports $((before + 2))
run=$("$python" -c "from braid import Flow; print(Flow('ReportFlow').latest_run.id)")
braid logs "ReportFlow/$run/start"
braid deployments
kill -TERM $daemon
wait $daemon || true
trap - EXIT
