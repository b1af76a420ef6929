import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from plans import services
from plans.models import Action, PlanChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_programme_lead_merges_two_actions_with_a_confirmation_then_reads_the_differences(
    live_server, page: Page, client, plan, action, programme_lead
):
    services.action_create(
        plan=plan, axis=action.axis, by=programme_lead, number=2, title="Accueillir les arrivants"
    )
    revised = services.plan_revise(plan=plan, by=programme_lead)
    kept = Action.objects.get(plan=revised, lineage=action.lineage)
    client.force_login(programme_lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("plans:revision", args=[revised.pk]))
    page.get_by_role("link", name="Fusionner 1.1").click()
    page.get_by_label("1.2 Accueillir les arrivants").check(force=True)  # the DSFR label covers the box
    page.get_by_label("Motif de la modification").fill("Un seul parcours d'arrivée.")
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(
        page.get_by_text("Cochez la case pour confirmer cette modification définitive.").first
    ).to_be_visible()
    assert not PlanChange.objects.exists()

    page.get_by_label("Je confirme cette modification : elle ne peut pas être annulée.").check(force=True)
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page.get_by_text("Actions fusionnées.")).to_be_visible()
    expect(page.locator("table").last).to_contain_text("Un seul parcours d'arrivée.")

    page.goto(live_server.url + reverse("plans:differences", args=[revised.pk]))
    expect(page.get_by_role("heading", name="Actions fusionnées")).to_be_visible()
    expect(page.get_by_text("Accueillir les arrivants — fusionnée dans 1.1")).to_be_visible()
    page.get_by_role("link", name="Voir la version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    assert revised.actions.get() == kept


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_revision_and_differences_pages_have_no_serious_accessibility_violation(
    live_server, page: Page, plan, action, programme_lead, viewport
):
    from core.tests.test_browser_accessibility import serious_violations, sign_in
    from plans import revision

    revised = services.plan_revise(plan=plan, by=programme_lead)
    copy = Action.objects.select_related("axis", "plan").get(plan=revised, lineage=action.lineage)
    revision.action_reword(
        action=copy, by=programme_lead, reason="Préciser.", concrete_actions="Concevoir un module hybride."
    )
    sign_in(page, live_server, programme_lead)
    page.set_viewport_size(viewport)
    for url in [
        reverse("plans:revision", args=[revised.pk]),
        reverse("plans:differences", args=[revised.pk]),
        reverse("plans:revision_action", args=[copy.pk, "scinder"]),
    ]:
        page.goto(live_server.url + url)
        assert serious_violations(page) == [], url
