"""What the benchmarks share: the PostgreSQL server, the Django environment of a bench database, and gunicorn's
start-up. Imported by the scripts of this folder (each run as ``python bench/<name>.py``)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
SECRET = "bench-secret-key-" + "x" * 50


def admin_sql(sql: str) -> None:
    """One statement on the server's ``postgres`` database (CREATE / DROP DATABASE)."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def setup_env(db_name: str) -> dict[str, str]:
    """Production-like settings on database ``db_name``, set in this process and returned for subprocesses."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{db_name}",
        SECRET_KEY=SECRET,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        MANIFEST_STATIC="0",
        AXES_ENABLED="0",
        LOG_LEVEL="ERROR",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    os.environ.update(env)
    return env


def wait_ready(port: int, proc: subprocess.Popen[bytes], *, settle: float = 0.0) -> None:
    """Until gunicorn answers its health page (then ``settle`` seconds for the other workers to boot)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/sante/")
            if conn.getresponse().status == 200:
                time.sleep(settle)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")
