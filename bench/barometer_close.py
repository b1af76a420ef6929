"""The whole count of a large barometer, timed end to end on PostgreSQL: close → keys → box opened → results.

1. Creates a throw-away PostgreSQL database, migrates it, and builds a world: one organisation, a 4-level tree
   (root → 13 DSDEN → 100 districts → 1,200 schools, 1,314 units), the barometer questionnaire with 4 more
   agreement items (40 scale items: 38 on 5 points, 2 on 0-10; plus one single choice and two free texts),
   three trustees with real keys (``trustees_set``, ``trustee_key_create``) and the campaign opened by the real
   ``campaign_open`` (which makes the box). The box is made for a small seed population; the other people and
   their invitations are then loaded with COPY (the ORM would take minutes), one invitation per person with
   the person's attributes (no coarsening: the units are large) and the real reporting unit
   (``anonymity.reporting_units``), and one ``InvitationKey`` per invitation, marked used.
2. Synthesises N ballots (one per person, 100 % participation) with numpy: 40 scale answers (2 % unanswered,
   1 % « non concerné·e »), the single choice, 3 % of ballots with one short comment; seals each with
   ``surveys.ballotbox.seal`` and the campaign's public key, in two processes, each loading its share with
   binary COPY. The plaintext answers stay in this process for DuckDB.
3. In a fresh spawned process (so that its peak memory is the count's alone, ``ru_maxrss`` of that process):
   ``campaign_close``, two trustees deposit their key (the quorum), ``ballot_box_open`` (decryption,
   generalisation, storage of responses and comments, destruction of the ballots; decryption in a pool of
   ``os.cpu_count()`` worker processes, counted in the peak of its children), then ``results_build`` from the
   opened answers held in memory (``opened=count.opened``).
4. DuckDB computes the same counts as the results stage over the plaintext answers held in memory: every unit
   (rolled up through the tree) × (no filter, or one value of one of the 5 attributes) × item × answer value.
   It works on the raw answers (no generalisation of small units, no disclosure control), so it does a little
   less than ``results_build``; it is timed alone (the data already in memory, as numpy arrays).

Run: ``python bench/barometer_close.py [--ballots N] [--keep-db]`` (default 1,200,000 ballots; about 4.2 kB
per sealed ballot, so ~5 GB of table at full size). Environment: BENCH_PG (postgres://postgres@127.0.0.1:5432).
Final line: ``ballots=… decrypt_s=… build_s=… total_s=… peak_mb=… duckdb_s=… ratio=…`` where ``decrypt_s``
is close + deposits + ``ballot_box_open`` and ``ratio`` = build_s / duckdb_s.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import PG, admin_sql, setup_env  # noqa: E402

N_DSDEN, N_DISTRICTS, N_SCHOOLS = 13, 100, 1200
EXTRA_ITEMS = 4  # the barometer has 36 scale items; 4 more agreement items make the 40 of the brief
ATTRS = {
    "job_family": ["enseignant", "direction", "administratif", "vie-scolaire", "sante-social", "technique"],
    "category": ["A", "B", "C"],
    "status": ["titulaire", "contractuel"],
    "gender": ["F", "M", "X"],
    "age_band": ["<30", "30-39", "40-49", "50-59", "60+"],
}
ATTR_NAMES = list(ATTRS)
SEED_PEOPLE = 5
COMMENTS = ["Plus de temps d'échange en équipe.", "Des locaux mieux chauffés.", "La formation continue."]

# Filled in the parent before the sealing processes fork: they read these, never write them.
WORLD: dict[str, Any] = {}


def create_database(db_name: str) -> None:
    env = setup_env(db_name)
    admin_sql(f'CREATE DATABASE "{db_name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def drop_database(db_name: str) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def make_tree(org: Any) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Units (real ``unit_refresh_path``): pks in creation order, parent index array, depth array."""
    from organisations.models import Unit
    from organisations.services import unit_refresh_path

    def level(parents: list[Unit], count: int, prefix: str, kind: str) -> list[Unit]:
        made = Unit.objects.bulk_create(
            Unit(
                organisation=org,
                code=f"{prefix}{i}",
                name=f"{kind} {i}",
                unit_type=kind,
                parent=parents[i % len(parents)],
            )
            for i in range(count)
        )
        for unit in made:
            unit_refresh_path(unit=unit)
        return made

    root = Unit.objects.create(organisation=org, code="RECT", name="Rectorat", unit_type="Rectorat")
    unit_refresh_path(unit=root)
    dsden = level([root], N_DSDEN, "D", "DSDEN")
    districts = level(dsden, N_DISTRICTS, "C", "Circonscription")
    schools = level(districts, N_SCHOOLS, "E", "École")
    units = [root, *dsden, *districts, *schools]
    position = {u.pk: i for i, u in enumerate(units)}
    parent = np.array(
        [position.get(u.parent_id, -1) if u.parent_id is not None else -1 for u in units], dtype=np.int64
    )
    depth = np.array([u.depth for u in units], dtype=np.int64)
    return [u.pk for u in units], parent, depth


def synthesise(n: int, parent: np.ndarray, depth: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """Plaintext of every ballot: unit index, attribute codes, 40 scale answers, single choice, comment."""
    rng = np.random.default_rng(seed)
    n_units = len(parent)
    weight = rng.lognormal(0.0, 0.6, size=n_units)
    weight[depth == 0] *= 20.0  # rectorat services
    weight[depth == 1] *= 8.0  # DSDEN services
    weight[depth == 2] *= 0.3  # district offices: a few people
    unit = rng.choice(n_units, size=n, p=weight / weight.sum()).astype(np.int32)
    attrs = np.empty((n, len(ATTRS)), dtype=np.int8)
    for a, values in enumerate(ATTRS.values()):
        attrs[:, a] = rng.choice(len(values), size=n, p=rng.dirichlet(np.full(len(values), 3.0)))
    n_items = 36 + EXTRA_ITEMS
    scale10 = np.zeros(n_items, dtype=bool)
    scale10[34:36] = True  # be_global, be_recommande (questionnaire order, extra items at the end)
    unit_effect = rng.normal(0.0, 0.4, size=n_units)
    item_effect = rng.normal(0.0, 0.4, size=n_items)
    answers = np.empty((n, n_items), dtype=np.int8)
    for lo in range(0, n, 200_000):
        hi = min(lo + 200_000, n)
        latent = unit_effect[unit[lo:hi], None] + item_effect[None, :] + rng.normal(size=(hi - lo, n_items))
        block = np.where(
            scale10[None, :], np.clip(np.rint(6.5 + 2 * latent), 0, 10), np.clip(np.rint(3.2 + latent), 1, 5)
        ).astype(np.int8)
        draw = rng.random((hi - lo, n_items))
        block[draw < 0.02] = -1  # unanswered: absent from the ballot
        block[(draw >= 0.02) & (draw < 0.03) & ~scale10[None, :]] = -2  # « non concerné·e »
        answers[lo:hi] = block
    return {
        "unit": unit,
        "attrs": attrs,
        "answers": answers,
        "choice": rng.integers(-1, 3, size=n).astype(np.int8),
        "comment": np.where(rng.random(n) < 0.03, rng.integers(0, 2 * len(COMMENTS), size=n), -1).astype(
            np.int8
        ),
    }


def load_people(
    conn: Any, org_id: int, campaign_id: int, data: dict[str, np.ndarray], w: dict[str, Any]
) -> None:
    """People and their invitations by COPY (the seed people were made by the ORM and invited by the real
    ``campaign_open``); reporting units by the real ``anonymity.reporting_units``."""
    from collections import Counter

    from surveys.anonymity import reporting_units

    unit_pks = w["unit_pks"]
    n = len(data["unit"])
    sizes = np.bincount(data["unit"], minlength=len(unit_pks))
    invited = Counter({unit_pks[u]: int(sizes[u]) for u in np.flatnonzero(sizes)})
    parent = {pk: (unit_pks[p] if p >= 0 else None) for pk, p in zip(unit_pks, w["parent"], strict=True)}
    depth = {pk: int(d) for pk, d in zip(unit_pks, w["depth"], strict=True)}
    rep = reporting_units(invited, parent, depth, 5)
    now = datetime.datetime.now(datetime.UTC)
    values = [list(v) for v in ATTRS.values()]
    with conn.cursor() as cur:
        first = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM organisations_person").fetchone()[0]
        cols = (
            "id, organisation_id, hr_id, first_name, last_name, email, unit_id, job_family, category, status, "
            "gender, age_band, is_active, updated_at"
        )
        with cur.copy(f"COPY organisations_person ({cols}) FROM STDIN") as copy:
            for i in range(n):
                a = data["attrs"][i]
                copy.write_row(
                    (
                        first + i,
                        org_id,
                        f"B{i}",
                        "",
                        "",
                        "",
                        unit_pks[data["unit"][i]],
                        *(values[k][a[k]] for k in range(len(values))),
                        True,
                        now,
                    )
                )
        cur.execute("SELECT setval(pg_get_serial_sequence('organisations_person', 'id'), %s)", [first + n])
        cols = (
            "campaign_id, person_id, unit_id, reporting_unit_id, attributes, opted_out, email_status, "
            "email_attempts, reminders_sent"
        )
        with cur.copy(f"COPY surveys_invitation ({cols}) FROM STDIN") as copy:
            for i in range(n):
                a = data["attrs"][i]
                u = unit_pks[data["unit"][i]]
                attributes = json.dumps({name: values[k][a[k]] for k, name in enumerate(ATTR_NAMES)})
                copy.write_row((campaign_id, first + i, u, rep[u], attributes, False, "no_email", 0, 0))
        # their keys (``InvitationKey``), all used: everyone answered; the seed people's came with the opening
        cur.execute(
            "INSERT INTO surveys_invitationkey (invitation_id, campaign_id, used) "
            "SELECT id, campaign_id, true FROM surveys_invitation WHERE campaign_id = %s AND person_id >= %s",
            [campaign_id, first],
        )
    conn.commit()


def payload(i: int) -> dict[str, Any]:
    """Ballot ``i`` as ``response_submit`` builds it: unit, frozen attributes, answers, comments."""
    data, w = WORLD["data"], WORLD
    a = data["attrs"][i]
    row = data["answers"][i]
    answers: dict[str, Any] = {k: int(v) for k, v in zip(w["keys"], row.tolist(), strict=True) if v != -1}
    if data["choice"][i] >= 0:
        answers["be_evolution"] = w["choices"][data["choice"][i]]
    comments = []
    if data["comment"][i] >= 0:
        c = int(data["comment"][i])
        comments.append([w["texts"][c % 2], COMMENTS[c % len(COMMENTS)]])
    return {
        "u": w["unit_pks"][data["unit"][i]],
        "a": {name: w["values"][k][a[k]] for k, name in enumerate(ATTR_NAMES)},
        "x": answers,
        "c": comments,
    }


def seal_and_load(bounds: tuple[int, int]) -> tuple[int, float, float]:
    """One sealing process: seal ballots ``lo..hi`` and load them with binary COPY. (count, seal s, copy s)."""
    import psycopg

    from surveys import ballotbox

    lo, hi = bounds
    w = WORLD
    key, size, campaign_id = w["public_key"], w["ballot_size"], w["campaign_id"]
    seal_s = copy_s = 0.0
    with psycopg.connect(w["dsn"]) as conn, conn.cursor() as cur:
        for start in range(lo, hi, 5000):
            t = time.perf_counter()
            rows = [
                (
                    uuid.UUID(bytes=os.urandom(16), version=4),
                    campaign_id,
                    ballotbox.seal(key, payload(i), size),
                )
                for i in range(start, min(start + 5000, hi))
            ]
            t2 = time.perf_counter()
            with cur.copy("COPY surveys_ballot (id, campaign_id, sealed) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["uuid", "bigint", "bytea"])
                for row in rows:
                    copy.write_row(row)
            conn.commit()
            seal_s += t2 - t
            copy_s += time.perf_counter() - t2
    return hi - lo, seal_s, copy_s


def build_world(n: int, seed: int, db_name: str) -> tuple[int, dict[int, str], dict[str, Any]]:
    """Everything up to the sealed ballots in the box; returns (campaign id, trustee keys, plaintext)."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Role, RoleGrant, User
    from organisations.models import Organisation, Person
    from surveys import services, trustees
    from surveys.models import Campaign, Item, ItemKind, Questionnaire

    t = time.perf_counter()
    org = Organisation.objects.create(slug="bench", name="Académie du banc")
    unit_pks, parent, depth = make_tree(org)
    data = synthesise(n, parent, depth, seed)
    print(f"tree of {len(unit_pks)} units, {n:,} ballots synthesised in {time.perf_counter() - t:.1f} s")

    services.questionnaire_install_templates(organisation=org)
    questionnaire = Questionnaire.objects.get(organisation=org, family="barometre-qvct")
    last = questionnaire.items.order_by("-position").first()
    assert last is not None
    for k in range(EXTRA_ITEMS):
        Item.objects.create(
            questionnaire=questionnaire,
            key=f"bench_extra_{k}",
            position=last.position + 1 + k,
            block="Banc",
            kind=ItemKind.AGREEMENT,
            text=f"Énoncé supplémentaire {k + 1}.",
            dimension=last.dimension,
        )
    items = list(questionnaire.items.order_by("position"))
    scale = [i for i in items if i.kind in (ItemKind.AGREEMENT, ItemKind.SCALE10)]
    assert len(scale) == 36 + EXTRA_ITEMS, len(scale)
    assert [i.kind == ItemKind.SCALE10 for i in scale].index(True) == 34
    single = next(i for i in items if i.kind == ItemKind.SINGLE)
    texts = [i.key for i in items if i.kind == ItemKind.TEXT]

    Person.objects.bulk_create(
        Person(organisation=org, hr_id=f"S{i}", unit_id=unit_pks[-1], gender="F", category="A")
        for i in range(SEED_PEOPLE)
    )
    today = timezone.localdate()
    campaign = services.campaign_create(
        organisation=org,
        questionnaire=questionnaire,
        title="Baromètre du banc",
        units=[org.units.get(parent__isnull=True)],
        opens_on=today,
        closes_on=today + datetime.timedelta(days=21),
        by=None,
        reporting_attributes=ATTR_NAMES,
    )
    users = []
    for k in range(3):
        user = User.objects.create_user(email=f"depositaire{k}@bench.test", password=None)
        RoleGrant.objects.create(user=user, organisation=org, role=Role.STAFF_REP)
        users.append(user)
    named = trustees.trustees_set(campaign=campaign, users=users, quorum=2, by=None)
    keys = {tr.user_id: trustees.trustee_key_create(trustee=tr, by=tr.user) for tr in named}
    services.campaign_open(campaign=campaign, by=None, send_emails=False)
    campaign = Campaign.objects.get(pk=campaign.pk)

    t = time.perf_counter()
    tree = {"unit_pks": unit_pks, "parent": parent, "depth": depth}
    connection.ensure_connection()
    load_people(connection.connection, org.pk, campaign.pk, data, tree)
    print(f"{n:,} people and invitations loaded with COPY in {time.perf_counter() - t:.1f} s")

    WORLD.update(
        data=data,
        unit_pks=unit_pks,
        keys=[i.key for i in scale],
        choices=[c for c, _label in single.choices],
        texts=texts,
        values=[list(v) for v in ATTRS.values()],
        public_key=bytes(campaign.box_public_key or b""),
        ballot_size=campaign.ballot_size,
        campaign_id=campaign.pk,
        dsn=f"{PG}/{db_name}",
    )
    connection.close()
    t = time.perf_counter()
    workers = 2
    bounds = [(n * k // workers, n * (k + 1) // workers) for k in range(workers)]
    with mp.get_context("fork").Pool(workers) as pool:
        done = pool.map(seal_and_load, bounds)
    wall = time.perf_counter() - t
    seal_s, copy_s = sum(d[1] for d in done), sum(d[2] for d in done)
    print(
        f"{n:,} ballots of {campaign.ballot_size + 48} bytes sealed and loaded in {wall:.1f} s "
        f"(2 processes: seal {seal_s:.1f} s + COPY {copy_s:.1f} s of process time)"
    )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE surveys_ballot")
        cur.execute("VACUUM ANALYZE surveys_invitation")
        cur.execute("VACUUM ANALYZE surveys_invitationkey")
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('surveys_ballot'))")
        print(f"ballot table: {cur.fetchone()[0]}")
    connection.close()
    plain = {"unit": data["unit"], "attrs": data["attrs"], "answers": data["answers"], "parent": parent}
    return campaign.pk, keys, plain


def close_worker(db_name: str, campaign_id: int, keys: dict[int, str], out: Any, profile: str | None) -> None:
    """The count, in a fresh process: close, quorum of deposits, box opened, results built."""
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        try:
            _close(db_name, campaign_id, keys, out)
        finally:
            profiler.disable()
            profiler.dump_stats(profile)
    else:
        _close(db_name, campaign_id, keys, out)


def _close(db_name: str, campaign_id: int, keys: dict[int, str], out: Any) -> None:
    setup_env(db_name)
    import django

    django.setup()
    from analytics.services import results_build
    from surveys import services, trustees
    from surveys.models import Campaign

    campaign = Campaign.objects.get(pk=campaign_id)
    t0 = time.perf_counter()
    services.campaign_close(campaign=campaign, by=None)
    t_closed = time.perf_counter()
    for trustee in list(campaign.trustees.select_related("user").order_by("number"))[: campaign.quorum]:
        trustees.trustee_deposit(trustee=trustee, key_text=keys[trustee.user_id], by=trustee.user)
    t1 = time.perf_counter()
    count = trustees.ballot_box_open(campaign=campaign)
    t2 = time.perf_counter()
    result_set = results_build(campaign=campaign, opened=count.opened)
    t3 = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out.put(
        {
            "close_deposit_s": t1 - t0,
            "close_s": t_closed - t0,
            "phases": count.timings,
            "cpu_s": sum(
                resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
                for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            ),
            "open_s": t2 - t1,
            "build_s": t3 - t2,
            "ballots": count.ballots,
            "stored": count.stored,
            "comments": count.comments,
            "result_set": result_set.pk,
            "peak_mb": own,
            "children_peak_mb": children,
        }
    )


def duckdb_counts(plain: dict[str, np.ndarray]) -> tuple[float, int]:
    """Every unit (rolled up) × (all, or one attribute value) × item × answer value, by DuckDB. (s, rows)."""
    import duckdb

    unit, attrs, answers, parent = plain["unit"], plain["attrs"], plain["answers"], plain["parent"]
    anc_unit, anc_of = [], []
    for u in range(len(parent)):
        w = u
        while w >= 0:
            anc_unit.append(u)
            anc_of.append(w)
            w = int(parent[w])
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    columns = {"unit": unit, **{f"a{k}": attrs[:, k] for k in range(attrs.shape[1])}}
    columns.update({f"q{k}": answers[:, k] for k in range(answers.shape[1])})
    ballots = {name: np.ascontiguousarray(col) for name, col in columns.items()}
    ancestors = {"unit": np.array(anc_unit, dtype=np.int32), "ancestor": np.array(anc_of, dtype=np.int32)}
    con.register("ballots_df", _frame(ballots))
    con.register("ancestors_df", _frame(ancestors))
    sets = ", ".join(["(unit, item, v)"] + [f"(unit, a{k}, item, v)" for k in range(attrs.shape[1])])
    attr_cols = ", ".join(f"a{k}" for k in range(attrs.shape[1]))
    sql = f"""
        WITH long AS (
            UNPIVOT ballots_df ON COLUMNS('^q[0-9]+$') INTO NAME item VALUE v
        ),
        direct AS (
            SELECT unit, {attr_cols}, item, v, grouping({attr_cols}) AS g, count(*) AS n
            FROM long GROUP BY GROUPING SETS ({sets})
        )
        SELECT ancestors_df.ancestor, g, {attr_cols}, item, v, sum(n) AS n
        FROM direct JOIN ancestors_df USING (unit)
        GROUP BY ALL
    """
    t = time.perf_counter()
    rows = con.execute(f"SELECT count(*), sum(n) FROM ({sql})").fetchone()
    elapsed = time.perf_counter() - t
    con.close()
    assert rows is not None
    return elapsed, int(rows[0])


def _frame(columns: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    return pd.DataFrame(columns, copy=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep-db", action="store_true", help="keep the database (for bench/results_api.py)")
    parser.add_argument("--profile", metavar="FILE", help="run the count under cProfile, stats to FILE")
    args = parser.parse_args()
    db_name = f"qv_bench_close_{os.getpid()}"
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores shared with other jobs)")
    create_database(db_name)
    try:
        t = time.perf_counter()
        campaign_id, keys, plain = build_world(args.ballots, args.seed, db_name)
        print(f"world ready in {time.perf_counter() - t:.1f} s; load average {os.getloadavg()[0]:.1f}")

        ctx = mp.get_context("spawn")
        out = ctx.Queue()
        proc = ctx.Process(target=close_worker, args=(db_name, campaign_id, keys, out, args.profile))
        proc.start()
        res = out.get()
        proc.join()
        decrypt_s = res["close_deposit_s"] + res["open_s"]
        total_s = decrypt_s + res["build_s"]
        print(
            f"count: close + deposits {res['close_deposit_s']:.1f} s, ballot_box_open {res['open_s']:.1f} s "
            f"({res['ballots']:,} ballots, {res['stored']:,} responses, {res['comments']:,} comments stored), "
            f"results_build {res['build_s']:.1f} s; peak RSS of the count process {res['peak_mb']:.0f} MB "
            f"(its child processes: {res['children_peak_mb']:.0f} MB); load average {os.getloadavg()[0]:.1f}"
        )
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in res["phases"].items())
        print(
            f"count phases: campaign_close {res['close_s']:.1f} s; ballot_box_open: {phases}; CPU of the count "
            f"process and its workers {res['cpu_s']:.1f} s (PostgreSQL's own not included)"
        )
        duck_s, duck_rows = duckdb_counts(plain)
        print(f"duckdb: {duck_rows:,} counts (unit rolled up × filter × item × value) in {duck_s:.2f} s")
        print(
            f"ballots={res['ballots']} decrypt_s={decrypt_s:.1f} build_s={res['build_s']:.1f} "
            f"total_s={total_s:.1f} peak_mb={res['peak_mb']:.0f} duckdb_s={duck_s:.2f} "
            f"ratio={res['build_s'] / duck_s:.1f}"
        )
    finally:
        if args.keep_db:
            print(f"database kept: {db_name}")
        else:
            drop_database(db_name)


if __name__ == "__main__":
    main()
