"""Events of the demo (issue 10): the network's webinar « Mettre en place des espaces de discussion », past, with
200+ registrations of synthetic people, a waiting list and attendance; and the académie's annual QVT event
(action 4.1 of the plan), to come, for which the demo agent holds a place.

The webinar's registrants are synthetic (no account): their names and addresses are made up from a fixed seed,
under a reserved domain (``.invalid``, RFC 2606), so that nothing could ever be e-mailed to a real person.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from events import satisfaction, services
from events.forms import SatisfactionForm
from events.models import Audience, Event, EventKind, Registration, RegistrationStatus
from organisations.models import Network, Organisation
from practices.models import NetworkMembership

NETWORK_NAME = "Réseau régional QVT Bourgogne-Franche-Comté"
WEBINAR = "Mettre en place des espaces de discussion"
ANNUAL = "Journée académique de la qualité de vie au travail"
FIRST = [
    "Camille",
    "Dominique",
    "Claude",
    "Sacha",
    "Alex",
    "Morgane",
    "Yanis",
    "Inès",
    "Lucie",
    "Hugo",
    "Nora",
]
LAST = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent"]
REGISTRATIONS, CAPACITY, ATTENDED = 236, 210, 171
ANSWERED = 64  # of the 171 attendees who received the satisfaction questionnaire
# Weights of each answer, drawn per respondent: mostly satisfied, a few lukewarm or critical.
SCALE_WEIGHTS = {"4": 1, "5": 2, "6": 4, "7": 10, "8": 16, "9": 9, "10": 4}
AGREE_WEIGHTS = {"5": 18, "4": 26, "3": 9, "2": 4, "1": 1}
AGAIN_WEIGHTS = {"oui": 38, "peut_etre": 20, "non": 6}


def load_events_demo(org: Organisation, hospital: Organisation | None, users_by_email: dict) -> int:
    """Create the network (the académie hosts it, the hospital is a member), the webinar and the annual event; returns the webinar's number of registrations."""
    network, _created = Network.objects.get_or_create(name=NETWORK_NAME)
    NetworkMembership.objects.get_or_create(
        network=network, organisation=org, defaults={"is_host": True, "departement": "25"}
    )
    if hospital is not None:
        NetworkMembership.objects.get_or_create(
            network=network, organisation=hospital, defaults={"departement": "25"}
        )
    now = timezone.now().replace(second=0, microsecond=0)
    lead = users_by_email.get("pilote@demo.qualivie.fr")
    start = (now - datetime.timedelta(days=21)).replace(hour=12, minute=30)
    webinar = Event.objects.create(
        organiser=org,
        kind=EventKind.WEBINAR,
        title=WEBINAR,
        description=(
            "Comment ouvrir dans une équipe un temps régulier pour parler du travail réel : cadre, animation, "
            "suites données. Retours d'expérience d'un lycée et d'un centre hospitalier du réseau."
        ),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
        online_link="https://webinaire.example.org/espaces-de-discussion",
        capacity=CAPACITY,
        registration_deadline=start - datetime.timedelta(hours=2),
        audience=Audience.NETWORK,
        network=network,
        created_by=lead,
        reminder_sent_at=start - datetime.timedelta(days=2),
    )
    rng = random.Random(2026)
    registrations = []
    for number in range(REGISTRATIONS):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        confirmed = number < CAPACITY
        registrations.append(
            Registration(
                event=webinar,
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}.{number}@reseau-demo.invalid",
                status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
                queued_at=start - datetime.timedelta(days=20) + datetime.timedelta(minutes=37 * number),
                attended=confirmed and number < ATTENDED,
            )
        )
    Registration.objects.bulk_create(registrations)
    _satisfaction(webinar, rng)
    annual_start = (now + datetime.timedelta(days=45)).replace(hour=9, minute=0)
    annual = services.event_save(
        event=Event(
            organiser=org,
            kind=EventKind.ANNUAL,
            title=ANNUAL,
            description=(
                "Action 4.1 du plan QVT : conférences, ateliers et stands des services. Un questionnaire de "
                "satisfaction suivra la journée."
            ),
            starts_at=annual_start,
            ends_at=annual_start + datetime.timedelta(hours=8),
            place="Besançon, Kursaal, 2 place du Théâtre",
            capacity=400,
            registration_deadline=annual_start - datetime.timedelta(days=7),
            audience=Audience.ORGANISATION,
        ),
        by=lead,
    )
    agent = users_by_email.get("agent@demo.qualivie.fr")
    if agent is not None:
        services.register(event=annual, user=agent)
    return len(registrations)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _satisfaction(webinar: Event, rng: random.Random) -> None:
    """The questionnaire went to the attendees the day after (tokens issued as ``satisfaction_send`` issues them,
    without e-mailing the synthetic addresses); ``ANSWERED`` of them answered through the attendees' form and the
    same service, so the answers are stored exactly as real ones (anonymous, one per spent token)."""
    sent_at = webinar.ends_at + datetime.timedelta(days=1)
    Event.objects.filter(pk=webinar.pk).update(satisfaction_sent_at=sent_at, satisfaction_sent=ATTENDED)
    tokens = services.satisfaction_tokens_issue(event=webinar, count=ATTENDED)
    for token in tokens[:ANSWERED]:
        weights = {"scale10": SCALE_WEIGHTS, "single": AGAIN_WEIGHTS}
        data = {item.key: _pick(rng, weights.get(_kind(item), AGREE_WEIGHTS)) for item in satisfaction.ITEMS}
        form = SatisfactionForm(data)
        if not form.is_valid():  # the catalogue changed: say so rather than store what the form refuses
            raise ValueError(form.errors.as_text())
        services.satisfaction_answer(event=webinar, token=token, answers=form.cleaned_data)


def _kind(item: satisfaction.SatisfactionItem) -> str:
    values = {value for value, _label in item.options}
    if "10" in values:
        return "scale10"
    return "agree5" if values == {"1", "2", "3", "4", "5"} else "single"
