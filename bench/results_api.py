"""The results API under HTTP load: gunicorn + PostgreSQL on loopback, random units with and without a filter.

1. Builds a counted campaign with ``bench/barometer_close.py``'s world (default 100,000 ballots over the same
   1,314-unit tree, 5 reporting attributes): real box, real ``ballot_box_open`` and ``results_build``; or
   reuses a database kept by ``barometer_close.py --keep-db`` (``BENCH_DB=qv_bench_close_…``).
2. Issues an API token (``ApiToken.issue``) to a programme lead of the organisation (sees every unit).
3. Counts the SQL queries of one request with and without a filter through Django's test client
   (``CaptureQueriesContext``), then starts gunicorn (4 workers, gthread × 2) and loads
   ``GET /api/campaigns/{id}/results/?unit=…[&attr=value]`` with wrk: a Lua script picks one of 2,000
   pre-drawn paths at random for every request (random unit, half without filter, half with one value of one
   attribute), 1 connection for ``BENCH_SECONDS`` (15) then 32 connections (2 wrk threads) as long.

Environment: BENCH_PG, BENCH_DB, BENCH_BALLOTS (100000), BENCH_SECONDS (15), BENCH_WORKERS (4).
Final line: ``rps_32=… p95_32_ms=… p95_1_ms=… queries_per_request=… queries_repeat=…`` (queries: a path asked for the
first time, then again). wrk corrects its latencies for coordinated omission: a pause of d ms adds samples at
d − interval, d − 2 × interval…, so one collector pause weighs on the p95 as users queued behind it would see.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import barometer_close as world  # noqa: E402
from common import free_port, wait_ready  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
BALLOTS = int(os.environ.get("BENCH_BALLOTS", "100000"))
REUSE_DB = os.environ.get("BENCH_DB", "")

WRK_LUA = r"""
local paths = {}
for line in io.lines(os.getenv("QV_PATHS")) do paths[#paths + 1] = line end
local auth = {["Authorization"] = "Bearer " .. os.getenv("QV_TOKEN")}
local statuses = {}

function request()
  return wrk.format("GET", paths[math.random(#paths)], auth)
end

function response(status, headers, body)
  if status ~= 200 then statuses[status] = (statuses[status] or 0) + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("wrk requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def counted_campaign(db_name: str) -> int:
    """A campaign counted by the real code path (box opened, results built) in ``db_name``."""
    campaign_id, keys, _plain = world.build_world(BALLOTS, 2026, db_name)
    from analytics.services import results_build
    from surveys import services, trustees
    from surveys.models import Campaign

    campaign = Campaign.objects.get(pk=campaign_id)
    t = time.perf_counter()
    services.campaign_close(campaign=campaign, by=None)
    for trustee in list(campaign.trustees.select_related("user").order_by("number"))[: campaign.quorum]:
        trustees.trustee_deposit(trustee=trustee, key_text=keys[trustee.user_id], by=trustee.user)
    count = trustees.ballot_box_open(campaign=campaign)
    results_build(campaign=campaign, opened=count.opened)
    print(f"campaign counted (box opened, results built) in {time.perf_counter() - t:.1f} s")
    return campaign_id


def api_token_and_paths(campaign_id: int, n_paths: int = 2000) -> tuple[str, list[str]]:
    from accounts.models import ApiToken, Role, RoleGrant, User
    from analytics.models import ResultSet
    from organisations.models import Unit

    result_set = ResultSet.objects.select_related("campaign").get(campaign_id=campaign_id)
    org = result_set.campaign.organisation
    User.objects.filter(email="pilote@bench.test").delete()  # a reused database (BENCH_DB) has the last run's
    user = User.objects.create_user(email="pilote@bench.test", password=None)
    RoleGrant.objects.create(user=user, organisation=org, role=Role.PROGRAMME_LEAD)
    _token, raw = ApiToken.issue(user=user, name="bench")
    units = list(Unit.objects.filter(organisation=org).values_list("pk", flat=True))
    filters = [
        (attr, value)
        for attr in result_set.attributes["order"]
        for value, _label in result_set.attributes["attributes"][attr]["values"]
    ]
    rng = random.Random(2026)
    base = f"/api/campaigns/{campaign_id}/results/"
    paths = []
    for _ in range(n_paths):
        path = f"{base}?unit={rng.choice(units)}"
        if rng.random() < 0.5:
            attr, value = rng.choice(filters)
            path += f"&{attr}={quote(value, safe='')}"
        paths.append(path)
    return raw, paths


def queries_per_request(token: str, paths: list[str]) -> tuple[float, float, dict[str, Any]]:
    """Mean number of SQL queries per request (test client) on 20 paths asked for the first time (the figures
    computed and stored in the shared cache), then on the same paths again; and the statements of one filtered
    first-time request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get(paths[0])  # warm-up: first-time imports, access and blobs
    passes: list[list[int]] = [[], []]
    example: dict[str, Any] = {}
    for counts in passes:
        for path in paths[1:21]:
            with CaptureQueriesContext(connection) as ctx:
                resp = client.get(path)
            assert resp.status_code == 200, (resp.status_code, resp.content[:200])
            counts.append(len(ctx.captured_queries))
            if "&" in path and not example:
                example = {"path": path, "queries": [q["sql"][:160] for q in ctx.captured_queries]}
    first, again = (sum(counts) / len(counts) for counts in passes)
    return first, again, example


def run_wrk(port: int, connections: int, script: str, env: dict[str, str]) -> dict[str, float]:
    threads = min(2, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{SECONDS}s", "--timeout", "10s"]
    command += ["-s", script, f"http://127.0.0.1:{port}/"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    for line in run.stdout.splitlines():
        if line.startswith("wrk "):
            stats = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
            stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
            return stats
    raise SystemExit(f"wrk gave no summary:\n{run.stdout}\n{run.stderr}")


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    db_name = REUSE_DB or f"qv_bench_api_{os.getpid()}"
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores shared with other jobs)")
    if REUSE_DB:
        env = world.setup_env(db_name)
    else:
        world.create_database(db_name)
        env = dict(os.environ)
    gunicorn = None
    try:
        import django

        django.setup()
        if REUSE_DB:
            from analytics.models import ResultSet

            campaign_id = ResultSet.objects.latest("pk").campaign_id
        else:
            campaign_id = counted_campaign(db_name)
        token, paths = api_token_and_paths(campaign_id)
        queries, repeat, example = queries_per_request(token, paths)
        print(
            f"SQL queries per request (test client, 20 paths): {queries:.1f} the first time, {repeat:.1f} again; "
            "one filtered first-time request:"
        )
        for sql in example["queries"]:
            print(f"  {sql}")
        from django.db import connection

        connection.close()

        port = free_port()
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "gthread",
                "--threads",
                "2",
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_ready(port, gunicorn, settle=3)  # the other workers finish booting
        with tempfile.TemporaryDirectory(prefix="qv-wrk-") as tmp:
            Path(f"{tmp}/paths.txt").write_text("\n".join(paths) + "\n")
            Path(f"{tmp}/results.lua").write_text(WRK_LUA)
            wrk_env = dict(os.environ, QV_PATHS=f"{tmp}/paths.txt", QV_TOKEN=token)
            run_wrk(port, 4, f"{tmp}/results.lua", wrk_env)  # warm-up: every worker's first requests
            print(f"load average before the 1-connection run: {os.getloadavg()[0]:.1f}")
            one = run_wrk(port, 1, f"{tmp}/results.lua", wrk_env)
            print(
                f"1 connection, {SECONDS} s: {one['rps']:.0f} req/s, p50 {one['p50_us'] / 1000:.1f} ms, "
                f"p95 {one['p95_us'] / 1000:.1f} ms, p99 {one['p99_us'] / 1000:.1f} ms, errors {one['errors']:.0f}"
            )
            print(f"load average before the 32-connection run: {os.getloadavg()[0]:.1f}")
            many = run_wrk(port, 32, f"{tmp}/results.lua", wrk_env)
            print(
                f"32 connections, {SECONDS} s: {many['rps']:.0f} req/s, p50 {many['p50_us'] / 1000:.1f} ms, "
                f"p95 {many['p95_us'] / 1000:.1f} ms, p99 {many['p99_us'] / 1000:.1f} ms, "
                f"errors {many['errors']:.0f}; load average after {os.getloadavg()[0]:.1f}"
            )
        print(
            f"rps_32={many['rps']:.0f} p95_32_ms={many['p95_us'] / 1000:.1f} "
            f"p95_1_ms={one['p95_us'] / 1000:.1f} queries_per_request={queries:.1f} queries_repeat={repeat:.1f}"
        )
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        from django.db import connections

        connections.close_all()
        if not REUSE_DB:
            world.drop_database(db_name)


if __name__ == "__main__":
    main()
