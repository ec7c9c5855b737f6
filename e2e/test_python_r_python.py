"""Python -> R -> Python through a real flow, and artifacts only one language can read."""


def output(result):
    return result.stdout + result.stderr


def test_python_frames_and_scalars_come_back_equal_after_an_r_step(braid):
    result = braid.flow("py_roundtrip.py", "run", timeout=180)
    assert result.returncode == 0, output(result)
    text = output(result)
    assert "equal after Python -> R -> Python: frame, empty, plain, scalars, vector" in text
    # int64 past 2^53 reaches R as double, with a warning in the R step's log.
    logs = braid.cli("logs", "PyRoundTripFlow/" + run_id(braid, "PyRoundTripFlow") + "/copy").stdout
    assert "reading artifact `big`: column `value` (int64) holds values beyond 2^53" in logs


def run_id(braid, flow):
    code = f"from braid import Flow\nprint(Flow({flow!r}).latest_run.id)"
    return braid.python(code).stdout.strip()


def test_a_pickle_read_in_an_r_step_names_the_artifact_and_python(braid):
    result = braid.flow("pickle_to_r.py", "run")
    assert result.returncode != 0
    text = output(result)
    assert "step `use`: reading artifact `model`: artifact `model` is a Python object (set, kind pickle) " \
           "that only Python can read" in text, text


def test_an_rds_read_in_a_python_step_names_the_artifact_and_r(braid):
    result = braid.flow("rds_to_python.py", "run")
    assert result.returncode != 0
    text = output(result)
    assert "artifact 'fit_result' is an R object (lm) stored with R's serialize(); only R can read it" in text, text
    assert "Step 'use' (rds_to_python.py:12, a Python step) failed" in text
