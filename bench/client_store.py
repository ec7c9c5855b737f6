"""Many runs in a store, fast: copies of one real run's rows, written as the engine writes them.

Running a trivial flow 10,000 times takes most of an hour; listing runs only
needs the rows. So the benchmark runs a real flow once and copies that run's
rows (``runs``, ``run_tags``, ``tasks``, ``task_parents``, ``attempts``,
``artifacts``) with new ids in one transaction: every column as the engine
wrote it, every task pointing at the same artifact files, so ``run.data``
works on every copy. Columns are read from the schema, so a migration that
adds one is copied too.
"""
import sqlite3


def _columns(db, table, leave_out=()):
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[1] not in leave_out]


def clone_runs(database, run_id, copies, tag_every=0, tag="nightly"):
    """Adds ``copies`` copies of run ``run_id``; every ``tag_every``-th copy also gets user tag ``tag``.

    Returns the new run ids, oldest first.
    """
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        run_columns = ", ".join(_columns(db, "runs", ("id",)))
        task_columns = _columns(db, "tasks", ("id", "run"))
        attempt_columns = ", ".join(_columns(db, "attempts", ("task",)))
        artifact_columns = ", ".join(_columns(db, "artifacts", ("task",)))
        tasks = [row[0] for row in db.execute("SELECT id FROM tasks WHERE run = ? ORDER BY id", (run_id,))]
        parents = db.execute("SELECT p.task, p.position, p.parent FROM task_parents p JOIN tasks t ON t.id = p.task "
                             "WHERE t.run = ?", (run_id,)).fetchall()
        made = []
        for number in range(copies):
            new_run = db.execute(f"INSERT INTO runs ({run_columns}) SELECT {run_columns} FROM runs WHERE id = ?",
                                 (run_id,)).lastrowid
            db.execute("INSERT INTO run_tags (run, tag, is_system) SELECT ?, tag, is_system FROM run_tags "
                       "WHERE run = ?", (new_run, run_id))
            if tag_every and number % tag_every == 0:
                db.execute("INSERT OR IGNORE INTO run_tags (run, tag, is_system) VALUES (?, ?, 0)", (new_run, tag))
            mapping = {}
            for task in tasks:
                columns = ", ".join(task_columns)
                mapping[task] = db.execute(f"INSERT INTO tasks (run, {columns}) SELECT ?, {columns} FROM tasks "
                                           "WHERE id = ?", (new_run, task)).lastrowid
                db.execute(f"INSERT INTO attempts (task, {attempt_columns}) SELECT ?, {attempt_columns} "
                           "FROM attempts WHERE task = ?", (mapping[task], task))
                db.execute(f"INSERT INTO artifacts (task, {artifact_columns}) SELECT ?, {artifact_columns} "
                           "FROM artifacts WHERE task = ?", (mapping[task], task))
            for task, position, parent in parents:
                db.execute("INSERT INTO task_parents (task, position, parent) VALUES (?, ?, ?)",
                           (mapping[task], position, mapping.get(parent, parent)))
            made.append(new_run)
        db.execute("COMMIT")
        return made
    finally:
        db.close()
