"""Bad input in R flows and R steps: a clear message naming the step and the file, and a failed run."""
import shutil

from conftest import FLOWS


def output(result):
    return result.stdout + result.stderr


def run_r_flow(braid, name, *extra, command="run"):
    """Copies flows/NAME (and EXTRA files) into the work directory and runs `Rscript NAME COMMAND`."""
    for file in (name, *extra):
        shutil.copy(FLOWS / file, braid.workdir / file)
    return braid._run(["Rscript", name, command], 180, False)


def test_an_r_error_shows_the_message_and_call_stack_and_fails_the_run(braid):
    result = run_r_flow(braid, "r_error.R")
    assert result.returncode == 1, output(result)
    text = output(result)
    assert "Step 'work' (r_error.R:12, an R step) failed" in text
    assert "Error in compute_total(5): the total went negative: -5" in text
    assert "Call stack of step `work` (most recent call last):" in text
    assert "1: work(self)  at r_error.R:12" in text
    assert "2: compute_total(5)  at r_error.R:13" in text
    assert 'stop("the total went negative: ", -x)  at r_error.R:4' in text
    assert "Run RErrorFlow/1 failed" in text
    # What finished before the failure stays readable.
    check = braid._run(["Rscript", "-e", "library(braid); r <- flow_client('RErrorFlow')$latest_run; "
                        "cat(r$successful, r[['start']]$task$data$kept, '\\n')"], 60, False)
    assert check.stdout.strip() == "FALSE stored before the failure", output(check)


def test_a_syntax_error_in_the_r_flow_file_names_the_file_and_line(braid):
    result = run_r_flow(braid, "r_syntax_error.R")
    assert result.returncode == 1
    text = output(result)
    assert "the flow file" in text and "r_syntax_error.R has a syntax error" in text
    assert "r_syntax_error.R:6:3: unexpected '}'" in text
    assert "Run " not in text  # stopped at library(braid): nothing ran


def test_a_step_function_with_the_wrong_arguments_names_the_step_and_file(braid):
    result = run_r_flow(braid, "r_wrong_args.R")
    assert result.returncode == 1
    assert "step `start` (in r_wrong_args.R:4) takes 0 arguments () but must be function(self)." in output(result)


def test_a_missing_function_in_the_python_file_of_a_py_step(braid):
    result = run_r_flow(braid, "r_missing_py.R", "r_missing_py_fit.py")
    assert result.returncode == 1
    text = output(result)
    assert "Step 'fit' (r_missing_py_fit.py:5, a Python step) failed" in text
    assert "r_missing_py_fit.py defines no flow class RMissingPyFlow and no function fit_model" in text


def test_a_missing_function_in_the_r_file_of_an_r_step(braid):
    result = braid.flow("missing_r_function.py", "run")
    assert result.returncode == 1
    text = output(result)
    assert "Step 'clean' (missing_r_function_clean.R" in text
    assert "step `clean`: " in text and "missing_r_function_clean.R defines no function `clean_sales`" in text


def test_an_r_step_function_with_the_wrong_arguments(braid):
    result = braid.flow("r_step_wrong_args.py", "run")
    assert result.returncode == 1
    text = output(result)
    assert ("step `clean`: function `clean_sales` in " in text
            and "r_step_wrong_args_clean.R takes 2 arguments but must take (self)." in text), text


def test_a_syntax_error_in_the_r_file_of_an_r_step(braid):
    result = braid.flow("r_step_syntax.py", "run")
    assert result.returncode == 1
    text = output(result)
    assert "step `clean`: the file " in text and "r_step_syntax_clean.R has a syntax error" in text
    assert "r_step_syntax_clean.R:3:1: unexpected '}'" in text


def test_an_r_worker_that_quits_names_the_step_and_file(braid):
    result = run_r_flow(braid, "r_quit.R")
    assert result.returncode == 1
    text = output(result)
    assert ("Step 'start' (r_quit.R:4, an R step) failed: RQuitFlow/1/start/1 (attempt 0): "
            "the worker exited with status 3 before finishing the task") in text, text


def test_an_r_worker_killed_by_a_signal_names_the_step_and_file(braid):
    result = run_r_flow(braid, "r_killed.R")
    assert result.returncode == 1
    text = output(result)
    assert "Step 'start' (r_killed.R:4, an R step) failed" in text, text
    assert "the worker was killed by signal 9 (SIGKILL; a shell would report exit status 137)" in text
