import pytest
from django.urls import reverse

from plans.models import Action, Axis, Milestone, Plan, PlanStatus, Theme, Visibility


def html(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("programme_lead", 200),
        ("admin_user", 200),
        ("agent", 403),
        ("action_lead", 403),
        ("staff_rep", 403),
        ("outsider", 404),
    ],
)
def test_edit_pages_are_for_programme_leads_and_admins(client, request, action, role, expected):
    client.force_login(request.getfixturevalue(role))
    plan = action.plan
    milestone = action.milestones.first()
    theme = plan.themes.first()
    for url in [
        reverse("plans:edit", args=[plan.pk]),
        reverse("plans:axis_create", args=[plan.pk]),
        reverse("plans:axis_edit", args=[action.axis_id]),
        reverse("plans:theme_create", args=[plan.pk]),
        reverse("plans:theme_edit", args=[theme.pk]),
        reverse("plans:action_create", args=[plan.pk]),
        reverse("plans:action_edit", args=[action.pk]),
        reverse("plans:milestone_create", args=[action.pk]),
        reverse("plans:milestone_edit", args=[milestone.pk]),
    ]:
        assert client.get(url).status_code == expected, url


def test_edit_pages_need_login(client, plan):
    response = client.get(reverse("plans:edit", args=[plan.pk]))
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_programme_lead_creates_a_plan_and_gets_errors_in_french(client, organisation, programme_lead):
    client.force_login(programme_lead)
    url = reverse("plans:create")
    page = html(client.post(url, {"title": "Plan 2027", "first_school_year": 2027, "last_school_year": 2025}))
    assert "La dernière année scolaire suit la première." in page and 'value="Plan 2027"' in page
    response = client.post(
        url, {"title": "Plan 2027-2031", "first_school_year": 2027, "last_school_year": 2030}
    )
    plan = Plan.objects.get(title="Plan 2027-2031")
    assert response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert (plan.organisation, plan.visibility, plan.status) == (
        organisation,
        Visibility.PRIVATE,
        PlanStatus.DRAFT,
    )


def test_agents_cannot_create_plans(client, organisation, agent):
    client.force_login(agent)
    assert client.get(reverse("plans:create")).status_code == 403


def test_edit_plan_fields(client, plan, programme_lead):
    client.force_login(programme_lead)
    data = {
        "title": "Plan QVT",
        "summary": "Présentation",
        "first_school_year": 2023,
        "last_school_year": 2026,
    }
    assert client.post(reverse("plans:edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.summary) == ("Plan QVT", "Présentation")


def test_add_and_edit_axes_and_themes(client, plan, axis, programme_lead):
    client.force_login(programme_lead)
    client.post(reverse("plans:axis_create", args=[plan.pk]), {"number": 2, "title": "Cadre de travail"})
    assert Axis.objects.get(plan=plan, number=2).title == "Cadre de travail"
    page = html(client.post(reverse("plans:axis_create", args=[plan.pk]), {"number": 1, "title": "Doublon"}))
    assert "existe déjà" in page
    client.post(reverse("plans:axis_edit", args=[axis.pk]), {"number": 1, "title": "Relations inclusives"})
    axis.refresh_from_db()
    assert axis.title == "Relations inclusives"
    client.post(reverse("plans:theme_create", args=[plan.pk]), {"title": "Communication interne"})
    theme = Theme.objects.get(plan=plan)
    client.post(reverse("plans:theme_edit", args=[theme.pk]), {"title": "Organisation du travail"})
    theme.refresh_from_db()
    assert theme.title == "Organisation du travail"


def test_create_an_action_with_every_field_and_leads_of_the_organisation(
    client, plan, axis, themes, programme_lead, action_lead, outsider
):
    client.force_login(programme_lead)
    url = reverse("plans:action_create", args=[plan.pk])
    form_page = html(client.get(url + f"?axe={axis.pk}"))
    assert "/recherche/agents/" in form_page and str(outsider) not in form_page  # typed, then chosen
    data = {
        "axis": axis.pk,
        "number": 2,
        "title": "Améliorer la fluidité des relations entre les services académiques et les EPLE",
        "context": "Contexte",
        "concrete_actions": "Charte",
        "indirect_benefits": "Bénéfices",
        "existing_links": "Liens",
        "lead_roles": "Conseillère technique",
        "leads": action_lead.email,
        "follow_up_committee": "Comité",
        "themes": [themes[1].pk],
        "start_date": "2023-09-01",
        "end_date": "2024-06-30",
        "status": "planned",
        "progress": 0,
    }
    page = html(client.post(url, {**data, "leads": outsider.email}))
    assert "n&#x27;est pas l&#x27;adresse e-mail d&#x27;un agent de l&#x27;organisation" in page
    response = client.post(url, data)
    action = Action.objects.get(plan=plan, number=2)
    assert response["Location"] == reverse("plans:action_edit", args=[action.pk])
    assert list(action.leads.all()) == [action_lead] and list(action.themes.all()) == [themes[1]]
    assert action.code == "1.2" and action.lead_roles == "Conseillère technique"


def test_action_dates_must_be_in_order(client, action, programme_lead):
    client.force_login(programme_lead)
    page = html(
        client.post(
            reverse("plans:action_edit", args=[action.pk]),
            {
                "axis": action.axis_id,
                "number": 1,
                "title": "T",
                "status": "planned",
                "progress": 0,
                "start_date": "2024-09-01",
                "end_date": "2024-01-01",
            },
        )
    )
    assert "La fin ne peut pas précéder le début." in page


def test_add_and_edit_milestones(client, action, programme_lead):
    client.force_login(programme_lead)
    url = reverse("plans:milestone_create", args=[action.pk])
    response = client.post(url, {"title": "Lancement", "due_date": "2023-10-01"})
    assert response["Location"] == reverse("plans:action_edit", args=[action.pk])
    milestone = Milestone.objects.get(title="Lancement")
    client.post(
        reverse("plans:milestone_edit", args=[milestone.pk]),
        {"title": "Lancement", "due_date": "2023-11-01", "done_on": "2023-11-02"},
    )
    milestone.refresh_from_db()
    assert str(milestone.done_on) == "2023-11-02"


def test_publish_set_status_and_revise(client, plan, action, programme_lead):
    client.force_login(programme_lead)
    client.post(reverse("plans:publish", args=[plan.pk]), {"visibility": "public"})
    client.post(reverse("plans:status", args=[plan.pk]), {"status": "closed"})
    plan.refresh_from_db()
    assert (plan.visibility, plan.status) == ("public", "closed")
    response = client.post(reverse("plans:revise", args=[plan.pk]))
    new_plan = Plan.objects.get(previous=plan)
    assert response["Location"] == reverse("plans:edit", args=[new_plan.pk])
    assert new_plan.actions.get().lineage == action.lineage
    response = client.post(reverse("plans:revise", args=[plan.pk]), follow=True)
    assert "déjà été révisé" in html(response)


def test_agents_cannot_publish_or_revise(client, plan, agent):
    client.force_login(agent)
    assert client.post(reverse("plans:publish", args=[plan.pk]), {"visibility": "public"}).status_code == 403
    assert client.post(reverse("plans:revise", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.visibility == "staff" and not Plan.objects.filter(previous=plan).exists()


def test_every_date_of_the_plan_pages_round_trips_through_the_edit_forms(
    client, plan, action, programme_lead
):
    """Date inputs show ISO dates (what ``type=date`` accepts): posting a form back unchanged loses nothing."""
    from core.tests.formdata import read_form

    Plan.objects.filter(pk=plan.pk).update(adopted_on="2023-06-30")
    milestone = action.milestones.order_by("pk").first()
    Milestone.objects.filter(pk=milestone.pk).update(done_on="2024-03-20")
    client.force_login(programme_lead)
    for url, obj, dates in [
        (reverse("plans:edit", args=[plan.pk]), plan, ["adopted_on"]),
        (reverse("plans:action_edit", args=[action.pk]), action, ["start_date", "end_date"]),
        (reverse("plans:milestone_edit", args=[milestone.pk]), milestone, ["due_date", "done_on"]),
    ]:
        obj.refresh_from_db()
        before = {name: getattr(obj, name) for name in dates}
        values, date_inputs = read_form(html(client.get(url)))
        assert date_inputs == {name: before[name].isoformat() for name in dates}, url
        values["title"] = ["Titre changé"]
        response = client.post(url, values)
        assert response.status_code == 302, (url, html(response))
        obj.refresh_from_db()
        assert obj.title == "Titre changé"
        assert {name: getattr(obj, name) for name in dates} == before
