import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tests.factories import PlanFactory
from plans import services
from plans.models import ActionStatus, ActionUpdate, Visibility

PDF = b"%PDF-1.4 compte rendu"


def html(response):
    return response.content.decode()


def part(page: str, element_id: str) -> str:
    """The element with this id (a <div>) and everything inside it, CSRF masks normalised."""
    start = page.index(f'<div id="{element_id}"')
    depth, position = 0, start
    for match in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = start + match.end()
            break
    block = page[start : page.index(">", position) + 1]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', block)


# --- Who sees which page ---


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("agent", 200),
        ("action_lead", 200),
        ("programme_lead", 200),
        ("manager", 200),
        ("staff_rep", 200),
        ("admin_user", 200),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("page", ["detail", "calendar", "axis", "action"])
def test_staff_plan_pages_by_role(client, request, action, role, expected, page):
    client.force_login(request.getfixturevalue(role))
    target = {
        "detail": action.plan.pk,
        "calendar": action.plan.pk,
        "axis": action.axis_id,
        "action": action.pk,
    }
    response = client.get(reverse(f"plans:{page}", args=[target[page]]))
    assert response.status_code == expected


@pytest.mark.parametrize("page", ["detail", "calendar", "action"])
def test_anonymous_visitors_are_sent_to_login_for_a_staff_plan(client, action, page):
    target = action.plan.pk if page != "action" else action.pk
    response = client.get(reverse(f"plans:{page}", args=[target]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_public_plan_is_readable_by_anyone(client, action, outsider, programme_lead):
    services.plan_publish(plan=action.plan, visibility=Visibility.PUBLIC, by=programme_lead)
    assert client.get(reverse("plans:action", args=[action.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("plans:detail", args=[action.plan.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[action.plan.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("agent", 403), ("staff_rep", 403), ("action_lead", 200), ("programme_lead", 200), ("outsider", 404)],
)
def test_private_plan_is_for_the_steering_team(client, request, private_plan, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("plans:detail", args=[private_plan.pk])).status_code == expected


def test_unknown_plan_is_not_found(client, agent):
    client.force_login(agent)
    assert client.get(reverse("plans:detail", args=[999999])).status_code == 404


def test_index_redirects_to_the_single_plan_and_lists_several(client, agent, plan):
    client.force_login(agent)
    response = client.get(reverse("plans:index"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[plan.pk])
    PlanFactory(
        organisation=plan.organisation, title="Plan 2027-2031", first_school_year=2027, last_school_year=2030
    )
    page = html(client.get(reverse("plans:index")))
    assert "Plan 2027-2031" in page and plan.title in page


def test_index_shows_the_latest_visible_version_only(client, programme_lead, plan):
    new_plan = services.plan_revise(plan=plan, by=programme_lead)
    client.force_login(programme_lead)
    response = client.get(reverse("plans:index"))
    assert response["Location"] == reverse("plans:detail", args=[new_plan.pk])


# --- Plan overview and action page content ---


def test_plan_overview_shows_header_themes_progress_per_axis_and_actions(
    client, agent, action, barometer_action, action_lead, programme_lead
):
    services.action_update(action=barometer_action, by=programme_lead, status=ActionStatus.DONE, progress=100)
    client.force_login(agent)
    page = html(client.get(reverse("plans:detail", args=[action.plan.pk])))
    for text in [
        "2023-2027",
        "Adopté",
        "Version 1",
        "Agents de l&#x27;organisation",
        "Communication interne",
    ]:
        assert text in page
    assert "Avancement moyen : 20 % (1 action)" in page
    assert '<progress class="qv-progress" max="100" value="20"' in page
    assert "En cours : 1" in page and "Réalisée : 1" in page
    assert "1.1" in page and "3.5" in page and str(action_lead) in page
    assert "Secrétaire général de la DSDEN du Doubs" in page
    assert "Modifier le plan" not in page


def test_action_page_shows_every_field_of_the_sheet(client, agent, action, action_lead):
    client.force_login(agent)
    page = html(client.get(reverse("plans:action", args=[action.pk])))
    for text in [
        "Les personnels en contact avec les usagers",
        "Concevoir un module de formation à distance.",
        "Faire des personnels d&#x27;encadrement",
        "Rencontres RH en EPLE.",
        "Secrétaire général de la DSDEN du Doubs",
        str(action_lead),
        "Comité de suivi opérationnel de la DRH",
        "Module en ligne",
        "15/03/2024",
        "Communication interne",
        "En cours",
        "Avancement : 20 %",
    ]:
        assert text in page, text
    assert "Publier un point d&#x27;avancement" not in page  # agents read, leads post


def test_leads_and_programme_leads_get_the_update_form(client, action, action_lead, programme_lead):
    for user in (action_lead, programme_lead):
        client.force_login(user)
        assert 'hx-post="' in html(client.get(reverse("plans:action", args=[action.pk])))


# --- Posting updates ---


@pytest.mark.parametrize(("role", "expected"), [("agent", 403), ("staff_rep", 403), ("outsider", 404)])
def test_only_leads_and_programme_leads_post_updates(client, request, action, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("plans:action", args=[action.pk]), {"text": "x", "status": "done"})
    assert response.status_code == expected
    assert not ActionUpdate.objects.exists()


def test_an_action_lead_of_another_action_cannot_post(client, action, barometer_action, action_lead):
    client.force_login(action_lead)
    response = client.post(
        reverse("plans:action", args=[barometer_action.pk]), {"text": "x", "status": "done"}
    )
    assert response.status_code == 403


def test_anonymous_post_goes_to_login(client, action):
    response = client.post(reverse("plans:action", args=[action.pk]), {"text": "x", "status": "done"})
    assert response.status_code == 302 and not ActionUpdate.objects.exists()


def test_plain_post_records_the_update_and_redirects_to_the_timeline(client, action, action_lead):
    client.force_login(action_lead)
    milestone = action.milestones.first()
    url = reverse("plans:action", args=[action.pk])
    response = client.post(
        url,
        {
            "text": "Le module est ouvert à tous.",
            "status": "done",
            "progress": "",
            "milestone": milestone.pk,
            "files": [SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302 and response["Location"] == url + "#suivi"
    page = html(client.get(url))
    assert "Point d&#x27;avancement publié." in page
    assert "Le module est ouvert à tous." in page
    assert "En cours → Réalisée" in page
    assert "Jalon atteint : Module en ligne" in page
    assert "Avancement : 100 %" in page
    attachment = ActionUpdate.objects.get().attachments.get()
    assert reverse("plans:attachment", args=[attachment.pk]) in page


def test_htmx_post_returns_the_live_block_equal_to_a_fresh_full_render(client, action, action_lead):
    client.force_login(action_lead)
    url = reverse("plans:action", args=[action.pk])
    fragment = html(
        client.post(
            url, {"text": "Premier point.", "status": "delayed", "progress": "30"}, HTTP_HX_REQUEST="true"
        )
    )
    assert "<html" not in fragment
    assert 'hx-swap-oob="true"' in fragment and "Point d&#x27;avancement publié." in fragment
    assert "En cours → En retard" in fragment
    full = html(client.get(url))
    assert part(fragment, "action-live") == part(full, "action-live")


def test_errors_are_in_french_and_keep_what_was_typed(client, action, action_lead):
    client.force_login(action_lead)
    url = reverse("plans:action", args=[action.pk])
    data = {"text": "Un texte long que je ne veux pas perdre", "status": "done", "progress": "140"}
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        page = html(client.post(url, data, **headers))
        assert "L&#x27;avancement est un pourcentage entre 0 et 100." in page
        assert "Un texte long que je ne veux pas perdre" in page
        assert 'value="140"' in page
    page = html(client.post(url, {"text": "", "status": "done"}))
    assert "Décrivez où en est l&#x27;action." in page
    assert not ActionUpdate.objects.exists()


def test_a_bad_attachment_is_refused_with_a_french_message(client, action, action_lead):
    client.force_login(action_lead)
    response = client.post(
        reverse("plans:action", args=[action.pk]),
        {
            "text": "Avec un exécutable",
            "status": "in_progress",
            "files": [SimpleUploadedFile("virus.exe", b"MZ")],
        },
    )
    page = html(response)
    assert "« virus.exe » n&#x27;est pas d&#x27;un type accepté" in page
    assert "Avec un exécutable" in page
    assert not ActionUpdate.objects.exists()


# --- Attachments ---


def test_attachments_are_downloadable_only_by_people_who_see_the_plan(
    client, action, action_lead, agent, outsider
):
    update = services.action_update_post(
        action=action, by=action_lead, text="x", files=[SimpleUploadedFile("cr.pdf", PDF)]
    )
    url = reverse("plans:attachment", args=[update.attachments.get().pk])
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_timeline_follows_the_action_across_revisions(client, action, action_lead, programme_lead):
    services.action_update_post(action=action, by=action_lead, text="Point sur la version 1.")
    new_plan = services.plan_revise(plan=action.plan, by=programme_lead)
    copy = new_plan.actions.get(lineage=action.lineage)
    services.action_update_post(action=copy, by=action_lead, text="Point sur la version 2.")
    client.force_login(action_lead)
    page = html(client.get(reverse("plans:action", args=[copy.pk])))
    assert page.index("Point sur la version 2.") < page.index("Point sur la version 1.")
    assert "version 1 du plan" in page
    old_page = html(client.get(reverse("plans:action", args=[action.pk])))
    assert "Point sur la version 2." in old_page


# --- My actions ---


def test_my_actions_lists_the_lead_actions_with_last_update_and_next_milestone(client, action, action_lead):
    services.action_update_post(action=action, by=action_lead, text="Lancement.")
    client.force_login(action_lead)
    page = html(client.get(reverse("plans:my_actions")))
    assert "1.1 Mettre à disposition" in page
    assert "Module en ligne (15/03/2024)" in page
    assert reverse("plans:action", args=[action.pk]) + "#mise-a-jour" in page
    assert "Aucun" not in page.split("<tbody>")[1]


def test_my_actions_is_empty_for_others_and_needs_login(client, action, agent):
    assert client.get(reverse("plans:my_actions")).status_code == 302
    client.force_login(agent)
    assert "Vous ne pilotez aucune action" in html(client.get(reverse("plans:my_actions")))
