"""The campaign life cycle, safe to run for real: forms that round-trip, confirmation pages for the irreversible
steps, invitations that wait for the opening date, publication only of built and moderated results."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.formdata import read_form
from surveys.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def draft(organisation, barometer, root_unit, staff, programme_lead):
    return make_campaign(
        organisation, barometer, [root_unit], programme_lead, reporting_attributes=["gender", "category"]
    )


def test_campaign_edit_form_round_trips_its_dates(client, draft, programme_lead):
    client.force_login(programme_lead)
    url = reverse("surveys:campaign_edit", args=[draft.pk])
    values, date_inputs = read_form(html(client.get(url)))
    assert date_inputs == {"opens_on": draft.opens_on.isoformat(), "closes_on": draft.closes_on.isoformat()}
    values["title"] = ["Baromètre renommé"]
    response = client.post(url, values)
    assert response.status_code == 302, html(response)
    draft.refresh_from_db()
    assert draft.title == "Baromètre renommé"
    assert (draft.opens_on, draft.closes_on) == (
        timezone.localdate(),
        timezone.localdate() + datetime.timedelta(days=21),
    )
    assert sorted(draft.reporting_attributes) == ["category", "gender"]


def test_form_errors_are_summarised_at_the_top_with_links_to_the_fields(client, draft, programme_lead):
    client.force_login(programme_lead)
    url = reverse("surveys:campaign_edit", args=[draft.pk])
    values, _dates = read_form(html(client.get(url)))
    values["title"], values["closes_on"] = [""], [""]
    page = html(client.post(url, values))
    summary = re.search(r'<div class="fr-alert fr-alert--error[^"]*"[^>]*>(.*?)</div>', page, re.S)
    assert summary, "an error summary"
    assert summary.start() < page.index('name="title"'), "the summary comes before the fields"
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert [target for target, _text in links] == ["id_title", "id_closes_on"]
    assert all("Ce champ est obligatoire" in text for _target, text in links)
