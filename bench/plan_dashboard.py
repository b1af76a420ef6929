"""Bench: the plan dashboard of a large plan — 200 actions over 4 axes (2 milestones and an update each),
600 indicators with targets and validated values over 5 school years — on a throw-away SQLite database
(or DATABASE_URL). Server time of ``GET /pilotage/plan/<pk>/`` through Django's test client, signed in as the
programme lead: p50/p95 over 200 requests after 5 warm-up requests, and the number of SQL queries of one request,
compared with a plan the size of the demo's (19 actions, 40 indicators, 2 years): they must be equal.

    .venv/bin/python bench/plan_dashboard.py [ACTIONS] [INDICATORS]

Final line: ``actions=… indicators=… p50_ms=… p95_ms=… queries=…`` (and ``demo_size_queries=…`` before it).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="qualivie-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("MANIFEST_STATIC", "0")  # no collectstatic in a throw-away run

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role, RoleGrant, User  # noqa: E402
from dashboards.tests.synthetic import grow_plan  # noqa: E402
from organisations.models import Organisation  # noqa: E402
from plans.models import Plan, PlanStatus, Visibility  # noqa: E402

REQUESTS = 200
WARM_UP = 5


def new_plan(organisation: Organisation, title: str) -> Plan:
    return Plan.objects.create(
        organisation=organisation,
        title=title,
        first_school_year=2022,
        last_school_year=2026,
        status=PlanStatus.ADOPTED,
        visibility=Visibility.STAFF,
    )


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def main() -> None:
    actions = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    indicators = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug=f"bench-{int(time.time())}", name="Bench")
    pilot = User.objects.create(
        email=f"pilote-{organisation.slug}@bench.fr", first_name="Paule", last_name="Pilote"
    )
    RoleGrant.objects.create(user=pilot, organisation=organisation, role=Role.PROGRAMME_LEAD)
    leads = [
        User.objects.create(
            email=f"chef{i}-{organisation.slug}@bench.fr", first_name="Chef", last_name=f"N{i}"
        )
        for i in range(12)
    ]
    started = time.perf_counter()
    demo_size = new_plan(organisation, "Plan de la taille de la démo")
    grow_plan(demo_size, actions=19, indicators=40, years=2, leads=leads)
    plan = new_plan(organisation, "Plan synthétique")
    grow_plan(plan, actions=actions, indicators=indicators, years=5, leads=leads)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)

    client = Client()
    client.force_login(pilot)
    demo_queries = queries(client, reverse("dashboards:plan", args=[demo_size.pk]))
    url = reverse("dashboards:plan", args=[plan.pk])
    count = queries(client, url)
    for _ in range(WARM_UP):
        client.get(url)
    times = []
    for _ in range(REQUESTS):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"demo_size_queries={demo_queries}")
    print(f"actions={actions} indicators={indicators} p50_ms={p50:.1f} p95_ms={p95:.1f} queries={count}")


if __name__ == "__main__":
    main()
