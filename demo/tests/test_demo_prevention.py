"""The demo register of the DSDEN du Doubs and this year's prevention programme (demo/prevention_demo.py)."""

import pytest
from django.utils import timezone

from accounts.models import User
from prevention import selectors
from prevention.models import Programme, ProgrammeStatus, ReassessmentRequest

pytestmark = pytest.mark.django_db


def test_demo_register_has_about_thirty_risks_a_published_version_and_a_draft(demo, client):
    risks = list(selectors.live_risks(demo))
    assert 28 <= len(risks) <= 35
    assert sum(r.danger_family == "psychosocial" for r in risks) >= 8
    assert all(r.gollac_axis for r in risks if r.danger_family == "psychosocial")
    version = demo.register_versions.get()
    assert len(version.snapshot["lines"]) < len(risks)  # the draft has lines the published version has not
    assert not selectors.register_is_stale(demo)

    client.force_login(User.objects.get(email="prevention@demo.qualivie.fr"))
    assert "Accueil du public de la DSDEN du Doubs" in client.get("/prevention/").content.decode()


def test_demo_programme_of_this_year_is_adopted_with_the_f3sct_opinion(demo):
    programme = Programme.objects.get(organisation=demo, year=timezone.localdate().year)
    assert programme.status == ProgrammeStatus.ADOPTED and "avis favorable" in programme.opinion_text
    report = selectors.programme_report(programme)
    # eight measures of the register demo and the measure the field demo promotes from a situation-problem
    assert report["count"] == 9 and report["done"] == 3 and report["rate"] == 33
    assert ReassessmentRequest.objects.filter(risk__organisation=demo).exists()
