"""R steps in Python flows, Python steps in R flows, tables crossing between them."""
import shutil
from pathlib import Path

R_EXAMPLES = Path(__file__).parent.parent / "bindings" / "r" / "inst" / "examples"


def test_python_flow_with_an_r_step_shares_a_table(braid):
    result = braid.flow("mixed.py", "run")
    assert result.returncode == 0, result.stderr
    assert "rows 1 revenue 4.5" in result.stdout + result.stderr
    code = ("from braid import Flow\nr = Flow('MixedFlow').latest_run\n"
            "t = r['clean'].task\nprint(t.artifacts['cleaned'].language, r.data.shops)")
    assert braid.python(code).stdout.strip() == "r ['a']"


def test_r_flow_with_a_python_step_runs_and_reads_back_in_r(braid):
    for name in ("pricing.R", "fit.py"):
        shutil.copy(R_EXAMPLES / name, braid.workdir / name)
    result = braid._run(["Rscript", "pricing.R", "run", "--rows", "200"], 180, False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "best" in result.stdout + result.stderr
    check = braid._run(["Rscript", "-e", "library(braid); r <- flow_client('PricingFlowR')$latest_run; "
                        "cat(r$successful, is.numeric(r$data$best), '\\n')"], 60, False)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "TRUE TRUE"


def test_r_frames_come_back_identical_after_a_python_step(braid):
    for name in ("roundtrip.R", "roundtrip_copy.py"):
        shutil.copy(Path(__file__).parent / "flows" / name, braid.workdir / name)
    result = braid._run(["Rscript", "roundtrip.R", "run"], 180, False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("identical after R -> Python -> R: typed, typed_empty, unnamed_empty, all_missing, mtcars, mtcars_empty, "
            "iris, airquality, chickwts") in result.stdout + result.stderr


def test_an_r_flows_python_server_starts_with_the_run_and_warms_pandas(braid):
    for name in ("r_warm_python.R", "r_warm_python.py"):
        shutil.copy(Path(__file__).parent / "flows" / name, braid.workdir / name)
    result = braid._run(["Rscript", "r_warm_python.R", "run"], 180, False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "python step found pandas and pyarrow loaded: TRUE" in result.stdout + result.stderr
