"""Barometer submissions under real HTTP load: gunicorn + PostgreSQL on loopback, bounded in time.

1. Creates a throw-away PostgreSQL database, migrates it, creates a campaign, names three trustees (staff
   representatives, quorum 2) with their personal keys, opens the campaign (the ballot box is sealed) with N
   invitations whose tokens the bench knows (bulk-loaded; no e-mails are sent).
2. Starts gunicorn, posts JSON submissions (``/barometre/api/reponses/``) for ``BENCH_SECONDS`` and SIGKILLs one
   gunicorn worker in the middle of the run. The load comes from ``wrk`` (C, a few percent of one core) with a
   Lua script that posts one pre-built body, hence one unique token, per request and logs each request's status;
   one connection per wrk thread, so that every response is matched with its request (a request followed by a
   new request without a response was cut). Without ``wrk`` (Debian: ``apt-get install wrk``) it says so and
   falls back to a Python thread pool, which competes with the server for the same cores.
3. Replays 20 tokens concurrently (10 requests each): exactly one must be stored, the others refused.
4. Closes the campaign, opens the box with a quorum of the trustees' keys (``surveys.trustees``), then exact
   count check: every accepted submission is stored exactly once (each carries a unique marker in a free-text
   answer, found among the comments), none lost. The opening is timed and printed.

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_SECONDS (30), BENCH_THREADS (client
connections, 16), BENCH_WORKERS (gunicorn workers, default 2 x cores), BENCH_WORKER_THREADS (2),
BENCH_INVITATIONS (30000), BENCH_CLIENT (``wrk`` or ``python``; default wrk when installed).
Final line: ``rate_per_s=… p50_ms=… p99_ms=… accepted=… stored=… duplicates=… lost=…``.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import PG, admin_sql, free_port, setup_env, wait_ready  # noqa: E402

DB_NAME = f"qv_bench_submit_{os.getpid()}"
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
THREADS = int(os.environ.get("BENCH_THREADS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
THREADS_PER_WORKER = int(os.environ.get("BENCH_WORKER_THREADS", "2"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
# gunicorn --preload (Django imported once by the master, replacement worker ready at once): no gain measured.
PRELOAD = os.environ.get("BENCH_PRELOAD", "0") == "1"
INVITATIONS = int(os.environ.get("BENCH_INVITATIONS", "30000"))
WRK = shutil.which("wrk") if os.environ.get("BENCH_CLIENT", "wrk") == "wrk" else None
PATH = "/barometre/api/reponses/"


def prepare(n: int) -> tuple[int, list[str], dict[int, str]]:
    """Organisation, 40 units, ``n`` people, an opened barometer campaign with three trustees (quorum 2);
    returns (campaign id, tokens, {trustee user pk: personal key})."""
    import django

    django.setup()
    import datetime

    from django.utils import timezone

    from accounts.models import Role, RoleGrant, User
    from organisations.models import Organisation, Person, Unit
    from organisations.services import unit_refresh_path
    from surveys import crypto, services, trustees
    from surveys.models import InvitationKey, Questionnaire

    org = Organisation.objects.create(slug="bench", name="Bench")
    root = Unit.objects.create(organisation=org, code="ROOT", name="Racine")
    unit_refresh_path(unit=root)
    units = []
    for i in range(40):
        unit = Unit.objects.create(organisation=org, code=f"U{i}", name=f"Unité {i}", parent=root)
        unit_refresh_path(unit=unit)
        units.append(unit)
    Person.objects.bulk_create(
        (
            Person(
                organisation=org,
                hr_id=f"P{i}",
                unit=units[i % 40],
                gender="FM"[i % 2],
                category="ABC"[i % 3],
                status="titulaire",
                age_band="30-39",
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    services.questionnaire_install_templates(organisation=org)
    questionnaire = Questionnaire.objects.get(organisation=org, family="barometre-qvct")
    today = timezone.localdate()
    campaign = services.campaign_create(
        organisation=org,
        questionnaire=questionnaire,
        title="Bench",
        units=[root],
        opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
        by=None,
        reporting_attributes=["gender", "category"],
    )
    # Trustees: staff representatives without an HR record (outside the population), as surveys/tests/box.py.
    users = []
    for k in range(3):
        user = User.objects.create_user(email=f"depositaire{k + 1}@bench.test")
        RoleGrant.objects.create(user=user, organisation=org, role=Role.STAFF_REP)
        users.append(user)
    named = trustees.trustees_set(campaign=campaign, users=users, quorum=2, by=None)
    keys = {t.user_id: trustees.trustee_key_create(trustee=t, by=t.user) for t in named}
    services.campaign_open(campaign=campaign, by=None)  # no e-mail addresses: nothing is sent
    # Bench shortcut: give each invitation a token known to the load generator (the worker would e-mail it).
    tokens = []
    invitation_keys = list(InvitationKey.objects.filter(campaign=campaign).only("pk"))
    for invitation_key in invitation_keys:
        token = crypto.new_token()
        invitation_key.token_hash = crypto.token_hash(token)
        tokens.append(token)
    InvitationKey.objects.bulk_update(invitation_keys, ["token_hash"], batch_size=5000)
    return campaign.pk, tokens, keys


def answers(marker: str) -> dict[str, object]:
    return {
        "be_global": 7,
        "rel_ambiance": 4,
        "cond_charge": 2,
        "impl_avis": -2,
        "rec_hierarchie": 3,
        "be_evolution": "mieux",
        "txt_positif": marker,
    }


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()

    def post(self, token: str, marker: str) -> tuple[int, str]:
        """One submission over this thread's keep-alive connection (reopened after any error)."""
        body = json.dumps({"token": token, "answers": answers(marker)})
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            result = resp.status, resp.read().decode()
            if resp.will_close:
                conn.close()
            return result
        except (OSError, http.client.HTTPException):
            conn.close()
            self.local.conn = None
            raise OSError("connection lost") from None


def wait_workers_idle(master: int) -> None:
    """Until every worker has booted (the first answer only says that one has): their CPU use stops rising."""
    deadline = time.time() + 60
    previous = -1.0
    while time.time() < deadline:
        pids = worker_pids(master)
        total = sum(process_cpu(pid) or 0.0 for pid in pids)
        if len(pids) >= WORKERS and total - previous < 0.02:
            return
        previous = total
        time.sleep(0.3)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by a process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter(threading.Thread):
    """Samples the CPU time of the gunicorn workers and of this database's PostgreSQL backends every 0.5 s."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.running = True

    def pids(self) -> list[tuple[str, int]]:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME]).fetchall()
        return [("gunicorn", pid) for pid in [self.master, *worker_pids(self.master)]] + [
            ("postgres", pid) for (pid,) in rows
        ]

    def sample(self) -> None:
        started = bool(self.last)  # processes born after the first sample count from zero
        for key in self.pids():
            cpu = process_cpu(key[1])
            if cpu is not None:
                self.first.setdefault(key, 0.0 if started else cpu)
                self.last[key] = cpu

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.5)

    def stop(self) -> dict[str, float]:
        self.sample()
        self.running = False
        used: dict[str, float] = {}
        for key, cpu in self.last.items():
            used[key[0]] = used.get(key[0], 0.0) + cpu - self.first[key]
        return used


Outcome = dict[str, str]  # load token index -> "accepted" | "error" (cut, to re-check) | "refused:<status>:…"

# One connection per wrk thread: request() and response() then alternate on that connection, so each status is
# matched with its token; a request() while one is still pending means the previous one was cut (wrk reconnects
# and asks for a new request after a socket error).
WRK_LUA = r"""
local count, threads = 0, {}
function setup(thread)
  thread:set("id", count)
  table.insert(threads, thread)
  count = count + 1
end

function init(args)
  local dir = args[1]
  marks, bodies, pos, pending = {}, {}, 0, nil
  for line in io.lines(dir .. "/in-" .. id .. ".txt") do
    local tab = line:find("\t", 1, true)
    marks[#marks + 1] = line:sub(1, tab - 1)
    bodies[#bodies + 1] = line:sub(tab + 1)
  end
  out = io.open(dir .. "/out-" .. id .. ".txt", "w")
  headers = {["Content-Type"] = "application/json"}
end

function request()
  if pending then out:write(pending, " 0\n") end
  pos = pos + 1
  pending = marks[pos]
  if pending == nil then return wrk.format("GET", "/sante/") end
  return wrk.format("POST", nil, headers, bodies[pos])
end

function response(status, hdrs, body)
  if pending then out:write(pending, " ", status, "\n") end
  pending = nil
  if status >= 500 then out:flush() end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local p = thread:get("pending")
    if p then io.write("inflight ", p, "\n") end
  end
  io.write(string.format("wrk p50_us=%d p99_us=%d duration_us=%d requests=%d\n",
    latency:percentile(50), latency:percentile(99), summary.duration, summary.requests))
end
"""


def load_with_wrk(wrk: str, port: int, load_tokens: list[str]) -> tuple[Outcome, float, float, float]:
    """(outcome per token index, run seconds, p50 ms, p99 ms) with wrk, THREADS connections, one per thread."""
    with tempfile.TemporaryDirectory(prefix="qv-wrk-") as tmp:
        files = [open(f"{tmp}/in-{t}.txt", "w") for t in range(THREADS)]  # noqa: SIM115
        for i, token in enumerate(load_tokens):
            body = json.dumps({"token": token, "answers": answers(f"bench-{i}")}, separators=(",", ":"))
            files[i % THREADS].write(f"{i}\t{body}\n")
        for f in files:
            f.close()
        Path(f"{tmp}/submit.lua").write_text(WRK_LUA)
        command = [wrk, "-t", str(THREADS), "-c", str(THREADS), "-d", f"{SECONDS:.0f}s", "--timeout", "30s"]
        command += ["-s", f"{tmp}/submit.lua", f"http://127.0.0.1:{port}{PATH}", "--", tmp]
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        outcome: Outcome = {}
        for t in range(THREADS):
            for line in Path(f"{tmp}/out-{t}.txt").read_text().split("\n"):
                if line:
                    index, status = line.split(" ")
                    outcome[index] = _outcome(int(status), "")
    stats: dict[str, float] = {}
    for line in run.stdout.splitlines():
        if line.startswith("inflight "):
            outcome[line.split()[1]] = "error"  # still running when wrk stopped: re-checked like a cut one
        elif line.startswith("wrk "):
            stats = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    if not stats:
        raise SystemExit(f"wrk gave no summary:\n{run.stdout}\n{run.stderr}")
    return outcome, stats["duration_us"] / 1e6, stats["p50_us"] / 1000, stats["p99_us"] / 1000


def _outcome(status: int, body: str) -> str:
    if status == 201:
        return "accepted"
    if status == 0 or status >= 500:
        return "error"
    return f"refused:{status}:{body[:80]}"


def load_with_threads(client: Client, load_tokens: list[str]) -> tuple[Outcome, float, float, float]:
    """Fallback without wrk: a thread pool of THREADS keep-alive connections (uses a good share of the CPU)."""
    lock = threading.Lock()
    latencies: list[float] = []
    outcome: Outcome = {}
    stop_at = time.time() + SECONDS
    next_index = iter(range(len(load_tokens)))

    def run() -> None:
        while time.time() < stop_at:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            start = time.perf_counter()
            try:
                status, body = client.post(load_tokens[i], f"bench-{i}")
            except OSError as error:
                status, body = 0, str(error)
            elapsed = time.perf_counter() - start
            with lock:
                if status == 201:
                    latencies.append(elapsed)
                outcome[str(i)] = _outcome(status, body)

    run_start = time.time()
    with ThreadPoolExecutor(THREADS) as pool:
        for _ in range(THREADS):
            pool.submit(run)
    duration = time.time() - run_start
    lat_ms = sorted(x * 1000 for x in latencies)
    p50 = statistics.median(lat_ms) if lat_ms else 0.0
    p99 = lat_ms[min(len(lat_ms) - 1, int(0.99 * len(lat_ms)))] if lat_ms else 0.0
    return outcome, duration, p50, p99


def main() -> int:
    env = setup_env(DB_NAME)
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    gunicorn = None
    try:
        t0 = time.time()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        campaign_id, tokens, keys = prepare(INVITATIONS)
        print(f"setup: {len(tokens)} invitations in {time.time() - t0:.1f}s", flush=True)
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
                WORKER_CLASS,
                "--threads",
                str(THREADS_PER_WORKER),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
                "--backlog",
                "2048",
                *(["--preload"] if PRELOAD else []),
            ],
            cwd=ROOT,
            env=env,
        )
        wait_ready(port, gunicorn)
        wait_workers_idle(gunicorn.pid)
        client = Client(port)
        replay_tokens, load_tokens = tokens[:20], tokens[20:]
        killed: list[int] = []

        def killer() -> None:
            time.sleep(SECONDS / 2)
            pids = worker_pids(gunicorn.pid)
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        meter = CpuMeter(gunicorn.pid)
        meter.sample()
        meter.start()
        threading.Thread(target=killer, daemon=True).start()
        client_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        client_cpu_start = time.process_time() + client_cpu.ru_utime + client_cpu.ru_stime
        if WRK is None:
            print("wrk not found (apt-get install wrk): falling back to the Python client", flush=True)
            outcome, duration, p50, p99 = load_with_threads(client, load_tokens)
        else:
            outcome, duration, p50, p99 = load_with_wrk(WRK, port, load_tokens)
        used = meter.stop()
        client_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        used["client"] = time.process_time() + client_cpu.ru_utime + client_cpu.ru_stime - client_cpu_start
        cpu_line = " ".join(f"{k}={1000 * v / max(1, len(outcome)):.2f}" for k, v in sorted(used.items()))
        cpu_per_request = sum(used.values()) / max(1, len(outcome))
        cores = os.cpu_count() or 1
        share = sum(used.values()) / duration  # cores' worth of CPU the bench's processes got
        load1 = os.getloadavg()[0]
        accepted_in_run = sum(1 for v in outcome.values() if v == "accepted")
        # Requests cut by the killed worker: retry once; "already used" means it had been stored.
        ambiguous = [i for i, v in outcome.items() if v == "error"]
        for i in ambiguous:
            status, _body = client.post(load_tokens[int(i)], f"bench-{i}")
            outcome[i] = "accepted" if status in (201, 409) else f"refused:{status}"
        refused = Counter(v.split(":")[1] for v in outcome.values() if v.startswith("refused"))

        # Concurrent replays: 10 simultaneous posts of each of 20 tokens.
        replay_results: list[tuple[int, int, str]] = []
        with ThreadPoolExecutor(40) as pool:
            futures = [
                (k, pool.submit(client.post, replay_tokens[k], f"replay-{k}"))
                for k in range(20)
                for _ in range(10)
            ]
            for k, future in futures:
                status, body = future.result()
                replay_results.append((k, status, body))
        replay_ok = Counter(k for k, status, _b in replay_results if status == 201)
        replay_refusals = [b for _k, status, b in replay_results if status == 409]
        replay_good = all(replay_ok[k] == 1 for k in range(20)) and len(replay_refusals) == 180
        refusal_is_french = all("déjà servi" in json.loads(b)["error"] for b in replay_refusals)

        from surveys import services, trustees
        from surveys.models import Ballot, Campaign, Comment, Response

        campaign = Campaign.objects.get(pk=campaign_id)
        ballots = Ballot.objects.filter(campaign=campaign).count()
        services.campaign_close(campaign=campaign, by=None)
        count_start = time.perf_counter()
        for trustee in list(campaign.trustees.select_related("user").order_by("number"))[: campaign.quorum]:
            trustees.trustee_deposit(trustee=trustee, key_text=keys[trustee.user_id], by=trustee.user)
        count = trustees.ballot_box_open(campaign=campaign)
        count_seconds = time.perf_counter() - count_start
        ballots_left = Ballot.objects.filter(campaign=campaign).count()
        markers = Counter(Comment.objects.filter(campaign=campaign).values_list("text", flat=True))
        accepted = {f"bench-{i}" for i, v in outcome.items() if v == "accepted"}
        stored_markers = {m for m in markers if m.startswith("bench-")}
        duplicates = sum(n - 1 for n in markers.values() if n > 1)
        lost = len(accepted - stored_markers)
        unexpected = len(stored_markers - accepted)
        stored_responses = Response.objects.filter(campaign=campaign).count()
        replay_stored = sum(1 for m in markers if m.startswith("replay-"))

        rate = accepted_in_run / duration
        print(
            f"run: {duration:.1f}s, {'wrk' if WRK else 'Python'} client with {THREADS} connections, "
            f"{WORKERS} gunicorn workers x {THREADS_PER_WORKER} threads; killed worker {killed}; "
            f"{len(ambiguous)} cut requests re-checked; refusals {dict(refused)}",
            flush=True,
        )
        print(
            f"cpu ms per request (sampled every 0.5 s; the killed worker's last 0.5 s and PostgreSQL's "
            f"background processes are missing): {cpu_line}; load average at the end of the run {load1:.1f} "
            f"on {cores} cores",
            flush=True,
        )
        print(
            f"capacity: the bench's processes got {share:.2f} of {cores} cores (other jobs had the rest); at "
            f"{1000 * cpu_per_request:.2f} ms of CPU per request, {cores} idle cores would sustain about "
            f"{cores / cpu_per_request:.0f}/s",
            flush=True,
        )
        print(
            f"replay: 20 tokens x 10 concurrent posts -> one stored each: {replay_good} "
            f"(stored {replay_stored}), French refusal: {refusal_is_french}",
            flush=True,
        )
        print(
            f"box opened with {campaign.quorum} of 3 keys in {count_seconds:.1f}s: {count.ballots} ballots "
            f"(sealed before close: {ballots}), {count.stored} responses and {count.comments} comments written, "
            f"{ballots_left} ballots left",
            flush=True,
        )
        print(
            f"responses stored: {stored_responses} (= {len(accepted)} accepted + {replay_stored} replays); "
            f"unexpected: {unexpected}",
            flush=True,
        )
        print(
            f"rate_per_s={rate:.0f} p50_ms={p50:.1f} p99_ms={p99:.1f} accepted={len(accepted)} "
            f"stored={len(stored_markers)} duplicates={duplicates} lost={lost}",
            flush=True,
        )
        ok = lost == 0 and duplicates == 0 and unexpected == 0 and replay_good and refusal_is_french
        ok = ok and stored_responses == len(accepted) + replay_stored
        ok = ok and ballots == count.ballots == count.stored == stored_responses and ballots_left == 0
        return 0 if ok else 1
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    raise SystemExit(main())
