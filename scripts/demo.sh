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
