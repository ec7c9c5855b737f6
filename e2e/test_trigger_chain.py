"""Issue #11's mixed chain, through a real `braid daemon`: a Python flow run by hand succeeds; an R flow
deployed with trigger_on_finish starts on it and publishes an event from its R step; a Python flow deployed
with @trigger on that event starts, its Parameter filled from the payload."""
import shutil

from conftest import FLOWS
from daemon import api, daemons, query, run_data, wait_for  # noqa: F401 (daemons is a fixture)


def rscript(braid, name, *args):
    shutil.copy(FLOWS / name, braid.workdir / name)
    return braid._run(["Rscript", name, *args], 180, True)


def ended(braid, flow, count=1):
    rows = query(braid, "SELECT id, status FROM runs WHERE flow = ? AND status IN ('succeeded', 'failed', 'cancelled') "
                        "ORDER BY id", flow)
    return rows if len(rows) >= count else None


def test_python_then_r_then_python(braid, daemons):
    model = rscript(braid, "chain_model.R", "deploy")
    assert "Deployed ChainModelR version 1" in model.stdout
    assert "a run of ChainIngest succeeds" in model.stdout
    report = braid.flow("chain_report.py", "deploy", check=True)
    assert "event model_ready arrives" in report.stdout
    daemon = daemons()

    braid.flow("chain_ingest.py", "run", check=True)
    (ingest_id, _), = query(braid, "SELECT id, status FROM runs WHERE flow = 'ChainIngest'")

    (model_id, model_status), = wait_for(lambda: ended(braid, "ChainModelR"), 120, "the R flow's run", diagnose=daemon.log)
    assert model_status == "succeeded", braid.cli("show", f"ChainModelR/{model_id}", "--all").stdout
    (report_id, report_status), = wait_for(lambda: ended(braid, "ChainReport"), 120, "the Python flow's run",
                                           diagnose=daemon.log)
    assert report_status == "succeeded", braid.cli("show", f"ChainReport/{report_id}", "--all").stdout

    model_data = run_data(braid, f"ChainModelR/{model_id}")
    assert model_data["trigger_type"] == "run_finished"
    assert model_data["upstream"] == f"ChainIngest/{ingest_id}"
    assert model_data["upstream_rows"] == 42

    report_data = run_data(braid, f"ChainReport/{report_id}")
    assert report_data["event_name"] == "model_ready"
    assert report_data["event_source"] == f"ChainIngest/{ingest_id}"
    assert api(braid, f"ChainReport/{report_id}")["parameters"] == {"rows": 84}  # the payload filled the Parameter
    assert report_data["event_id"] == model_data["event_id"]

    # The event records the R task that published it, one level deeper than the R run.
    (source, depth), = query(braid, "SELECT source, depth FROM events WHERE name = 'model_ready'")
    assert source.startswith(f"ChainModelR/{model_id}/start/")
    assert depth == 2  # ChainIngest (by hand, 0) -> its success event (1) -> ChainModelR's event (2)

    shown = braid.cli("show", f"ChainReport/{report_id}", "--all").stdout
    assert f"Triggered by event model_ready #{report_data['event_id']}" in shown
    assert daemon.terminate() == 0
