"""When a fork server dies mid-run, the engine says so once and spawns the remaining workers: the run goes on."""


def test_a_run_goes_on_with_spawned_workers_after_its_fork_server_dies(braid):
    result = braid.flow("fork_server_dies.py", "run")
    text = result.stdout + result.stderr
    assert result.returncode == 0, text
    assert "total 14 killed 1 forked True then [False, False, False]" in text
    assert text.count("the python fork server failed") == 1, text
    assert "killed by SIGKILL); starting workers directly" in text


def test_without_a_fork_server_every_worker_is_spawned(braid):
    braid.env["BRAID_FORK_SERVER"] = "0"
    result = braid.flow("fork_server_dies.py", "run")
    text = result.stdout + result.stderr
    assert result.returncode == 0, text
    assert "total 14 killed 0 forked False then [False, False, False]" in text
    assert "fork server" not in text
