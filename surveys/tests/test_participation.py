"""The participation page while a campaign is open: a daily snapshot computed by the worker, under the
disclosure mask of the running counts, rates in tranches of 10 % for units of at least 20 invited people."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.factories import PersonFactory, UnitFactory
from surveys import participation, services
from surveys.models import InvitationKey, ParticipationSnapshot
from surveys.tasks import refresh_open_participation
from surveys.tests.conftest import make_campaign, open_and_collect_tokens, valid_answers

pytestmark = pytest.mark.django_db


def participation_rows(html: str) -> dict[str, str]:
    """Unit name → the text of its figures, as a reader of the participation table sees it."""
    rows = re.findall(r'<tr data-unit="\d+"><th[^>]*>(.*?)</th>(.*?)</tr>', html, re.S)
    return {name.strip(): " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for name, rest in rows}


def url(campaign) -> str:
    return reverse("participation:campaign", args=[campaign.pk])


def answered(campaign, unit, count):
    """What ``count`` submissions of people of ``unit`` record on their invitations' keys (the flag)."""
    keys = InvitationKey.objects.filter(campaign=campaign, invitation__unit=unit, used=False)
    ids = keys.values_list("pk", flat=True)
    InvitationKey.objects.filter(pk__in=list(ids[:count])).update(used=True)


def test_page_changes_only_when_the_worker_runs_never_on_a_visit(
    client,
    organisation,
    barometer,
    root_unit,
    school,
    staff,
    programme_lead,
    django_capture_on_commit_callbacks,
):
    lycee = UnitFactory(organisation=organisation, parent=root_unit, code="LYC", name="Lycée Pasteur")
    for i in range(10):
        PersonFactory(organisation=organisation, unit=lycee, user=None, email=f"lycee{i}@test.fr")
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    tokens = open_and_collect_tokens(campaign, programme_lead, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    school_tokens, lycee_tokens = tokens[:12], tokens[12:]
    client.force_login(programme_lead)
    for token in school_tokens[:8] + lycee_tokens[:6]:
        services.response_submit(token=token, raw=valid_answers())
    html = client.get(url(campaign)).content.decode()
    assert "prochaine mise à jour quotidienne, à 06:00" in html and participation_rows(html) == {}
    assert not ParticipationSnapshot.objects.exists()  # a visit computes nothing

    refresh_open_participation.call()
    html = client.get(url(campaign)).content.decode()
    snapshot = ParticipationSnapshot.objects.get(campaign=campaign)
    assert snapshot.computed_at.astimezone().strftime("%d/%m/%Y") in html
    assert "mis à jour une fois par jour, à 06:00" in html
    rows = participation_rows(html)
    # 14 of 25 invited (12 school + 2 small service + the programme lead + 10 lycée): 56 % → 50–60 %;
    # the school (15 invited with the small service) and the lycée (10) are under 20 invited: no rate
    assert rows["Rectorat"] == "25 invités de 50 à 60 %"
    assert rows["Collège Victor-Hugo"] == "—" and rows["Lycée Pasteur"] == "—"
    assert rows["Petit service"] == "déclarée avec Rectorat"  # 2 people: their answers count at the rectorat

    for token in school_tokens[8:] + lycee_tokens[6:]:  # everyone answers: the page does not move...
        services.response_submit(token=token, raw=valid_answers())
    assert participation_rows(client.get(url(campaign)).content.decode()) == rows
    refresh_open_participation.call()  # ...until the next daily run
    assert participation_rows(client.get(url(campaign)).content.decode())["Rectorat"] != rows["Rectorat"]


@pytest.fixture
def big_tree(organisation, barometer, root_unit, programme_lead):
    """Rectorat → A (30 invited), B (20), C (5), T (2: reported with the rectorat); the pilot at the rectorat."""
    units = {}
    for code, size in (("A", 30), ("B", 20), ("C", 5), ("T", 2)):
        units[code] = UnitFactory(
            organisation=organisation, parent=root_unit, code=code, name=f"Unité {code}"
        )
        for _ in range(size):
            PersonFactory(organisation=organisation, unit=units[code], user=None, email="")
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    services.campaign_open(campaign=campaign, by=programme_lead, send_emails=False)
    campaign.refresh_from_db()
    return campaign, units


def test_attack_running_rates_do_not_undo_complementary_suppression(client, big_tree, programme_lead):
    """Running counts: A 27, B 20, C 3 (of 5), rectorat 50 of 58. C is suppressed and, so that the rectorat
    minus A and B cannot give it, B too. The previous page showed every unit with 5 respondents or more in
    5 % steps: B 20 / 20 → 100 % (exactly 20), A 27 / 30 → 90 % (exactly 27), rectorat 85 % (48 to 50), so
    C = 1 to 3. Now B shows no rate, and A and the rectorat only tranches of 10 %."""
    campaign, units = big_tree
    answered(campaign, units["A"], 27)
    answered(campaign, units["B"], 20)
    answered(campaign, units["C"], 3)
    refresh_open_participation.call()
    client.force_login(programme_lead)
    rows = participation_rows(client.get(url(campaign)).content.decode())
    assert rows == {
        "Rectorat": "58 invités de 80 à 90 %",
        "Unité A": "30 invités de 90 à 100 %",
        "Unité B": "—",
        "Unité C": "—",
        "Unité T": "déclarée avec Rectorat",
    }


def test_a_unit_of_twenty_invited_whose_count_passes_the_mask_shows_its_tranche(
    client, big_tree, programme_lead
):
    campaign, units = big_tree
    answered(campaign, units["A"], 13)  # 43 % → 40–50 %
    answered(campaign, units["B"], 20)  # 100 %
    answered(campaign, units["C"], 5)
    refresh_open_participation.call()
    client.force_login(programme_lead)
    rows = participation_rows(client.get(url(campaign)).content.decode())
    assert rows["Unité A"] == "30 invités de 40 à 50 %"
    assert rows["Unité B"] == "20 invités 100 %"
    assert rows["Unité C"] == "—"  # 5 invited: under 20, whatever its count


def test_tranche_is_the_lower_bound_of_a_ten_percent_step():
    assert [participation.tranche(n, 20) for n in (0, 1, 2, 3, 19, 20)] == [0, 0, 10, 10, 90, 100]


def test_the_task_refreshes_every_open_campaign_and_nothing_else(big_tree, programme_lead):
    campaign, _units = big_tree
    refresh_open_participation.call()
    assert ParticipationSnapshot.objects.filter(campaign=campaign).count() == 1
    services.campaign_close(campaign=campaign, by=programme_lead)
    before = ParticipationSnapshot.objects.get(campaign=campaign).computed_at
    refresh_open_participation.call()
    assert ParticipationSnapshot.objects.get(campaign=campaign).computed_at == before


def test_query_count_of_the_open_page_does_not_grow_with_the_number_of_units(
    client, organisation, barometer, root_unit, big_tree, programme_lead
):
    small, _units = big_tree
    for i in range(15):
        unit = UnitFactory(organisation=organisation, parent=root_unit, code=f"S{i}", name=f"Service {i}")
        for _ in range(20):
            PersonFactory(organisation=organisation, unit=unit, user=None, email="")
    large = make_campaign(organisation, barometer, [root_unit], programme_lead, title="Baromètre 2027")
    services.campaign_open(campaign=large, by=programme_lead, send_emails=False)
    refresh_open_participation.call()
    client.force_login(programme_lead)
    client.get(url(small))
    with CaptureQueriesContext(connection) as few:
        small_rows = participation_rows(client.get(url(small)).content.decode())
    with CaptureQueriesContext(connection) as many:
        large_rows = participation_rows(client.get(url(large)).content.decode())
    assert len(large_rows) == len(small_rows) + 15
    assert len(many) == len(few)
