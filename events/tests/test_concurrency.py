"""Two registrations or two cancellations at once never over-fill an event (PostgreSQL: real row locks).

Each thread has its own database connection; a barrier starts them together. On SQLite (one writer at a time)
the question does not arise, so these run on PostgreSQL only (CI, and ``DATABASE_URL=postgres://…`` locally).
"""

import threading

import pytest
from django.db import connection, connections

from core.tests.factories import UserFactory
from events import services
from events.models import RegistrationStatus
from events.tests.conftest import make_event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def confirmed(event):
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def test_six_people_registering_at_once_for_two_places(organisation, programme_lead):
    event = make_event(organisation, programme_lead, capacity=2)
    users = [UserFactory(email=f"p{i}@test.fr") for i in range(6)]
    at_once(*[lambda user=user: services.register(event=event, user=user) for user in users])
    assert confirmed(event) == 2
    assert event.registrations.filter(status=RegistrationStatus.WAITING).count() == 4


def test_two_cancellations_at_once_promote_exactly_two_waiting_people(organisation, programme_lead):
    event = make_event(organisation, programme_lead, capacity=2)
    regs = [services.register(event=event, user=UserFactory(email=f"p{i}@test.fr")) for i in range(5)]
    at_once(*[lambda r=r: services.registration_cancel(registration=r) for r in regs[:2]])
    statuses = [r.status for r in event.registrations.order_by("queued_at", "pk")]
    assert statuses == ["cancelled", "cancelled", "confirmed", "confirmed", "waiting"]


def test_the_same_cancellation_twice_at_once_promotes_one_person(organisation, programme_lead):
    event = make_event(organisation, programme_lead, capacity=1)
    regs = [services.register(event=event, user=UserFactory(email=f"p{i}@test.fr")) for i in range(3)]
    at_once(*[lambda: services.registration_cancel(registration=regs[0])] * 2)
    assert confirmed(event) == 1
    assert [r.status for r in event.registrations.order_by("queued_at", "pk")] == [
        "cancelled",
        "confirmed",
        "waiting",
    ]


def test_a_cancellation_and_a_registration_at_once_never_overfill(organisation, programme_lead):
    event = make_event(organisation, programme_lead, capacity=1)
    first = services.register(event=event, user=UserFactory(email="first@test.fr"))
    services.register(event=event, user=UserFactory(email="second@test.fr"))
    late = UserFactory(email="late@test.fr")
    at_once(
        lambda: services.registration_cancel(registration=first),
        lambda: services.register(event=event, user=late),
    )
    assert confirmed(event) == 1
