"""The prevention adviser's home page: the yearly publication alert and the re-assessments still pending."""

import datetime

from django.utils import timezone
from django.utils.html import escape

from prevention import services
from prevention.models import RegisterVersion


def test_the_adviser_home_warns_when_no_version_was_published_for_a_year(client, organisation, adviser, risk):
    client.force_login(adviser)
    page = client.get("/").content.decode()
    assert "Document unique et prévention" in page
    assert "Aucune version du document unique n'a encore été publiée." in page
    version = services.register_publish(organisation=organisation, by=adviser)
    assert "Aucune version du document unique" not in client.get("/").content.decode()
    old = timezone.localdate() - datetime.timedelta(days=400)
    RegisterVersion.objects.filter(pk=version.pk).update(valid_from=old)
    page = client.get("/").content.decode()
    assert (
        "Aucune version du document unique n'a été publiée depuis plus d'un an (dernière : version 1, en vigueur "
        f"depuis le {old:%d/%m/%Y})" in page
    )


def test_the_adviser_home_lists_the_pending_reassessments_of_the_organisation(
    client, organisation, adviser, manager, staff_rep, risk
):
    services.risk_update(risk=risk, by=adviser, owner=manager)
    measure = services.measure_create(organisation=organisation, by=adviser, title="Panneaux", risks=[risk])
    client.force_login(adviser)
    assert "Aucune réévaluation de risque n'est en attente." in client.get("/").content.decode()
    services.measure_complete(measure=measure, by=adviser)
    page = client.get("/").content.decode()
    assert escape("1 réévaluation demandée aux responsables de risques est en attente") in page
    assert f"/prevention/risques/{risk.pk}/" in page and manager.get_full_name() in page
    services.risk_assess(risk=risk, by=manager, method="french", inputs={"severity": 1, "frequency": 1})
    assert "Aucune réévaluation de risque n'est en attente." in client.get("/").content.decode()
    for other in (manager, staff_rep):  # not keepers: no such block on their home
        client.force_login(other)
        assert "Document unique et prévention" not in client.get("/").content.decode()
