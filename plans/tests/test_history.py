import datetime

import pytest
from django.urls import reverse

from plans import services
from plans.models import ActionStatus


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("programme_lead", 200),
        ("admin_user", 200),
        ("staff_rep", 200),
        ("agent", 403),
        ("action_lead", 403),
        ("manager", 403),
        ("outsider", 404),
    ],
)
def test_history_is_for_programme_leads_admins_and_staff_reps(client, request, plan, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("plans:history", args=[plan.pk])).status_code == expected


def test_history_needs_login(client, plan):
    response = client.get(reverse("plans:history", args=[plan.pk]))
    assert response.status_code == 302


def test_history_shows_who_changed_what_before_and_after(
    client, action, action_lead, programme_lead, staff_rep, agent
):
    services.action_update_post(
        action=action, by=action_lead, text="x", status=ActionStatus.DONE, progress=100
    )
    services.action_update(
        action=action, by=programme_lead, title="Former les personnels à la relation à l'usager"
    )
    services.action_update(action=action, by=programme_lead, leads=[action_lead, agent])
    milestone = action.milestones.first()
    services.milestone_update(milestone=milestone, by=programme_lead, due_date=datetime.date(2024, 4, 1))
    services.plan_update(plan=action.plan, by=programme_lead, title="Plan QVT révisé")
    client.force_login(staff_rep)
    page = client.get(reverse("plans:history", args=[action.plan.pk])).content.decode()

    assert "Statut : En cours → Réalisée" in page
    assert "Avancement (%) : 20 → 100" in page
    assert str(action_lead) in page and str(programme_lead) in page
    assert "Intitulé : Mettre à disposition des personnels" in page
    assert "→ Former les personnels à la relation à l&#x27;usager" in page
    assert f"Chef·fes de projet : {action_lead} → " in page and str(agent) in page
    assert "Échéance : 15/03/2024 → 01/04/2024" in page
    assert "Titre : Plan académique pour la qualité de vie au travail → Plan QVT révisé" in page
    assert "Création" in page
    # newest first
    assert page.index("Plan QVT révisé") < page.index("Réalisée")


def test_history_never_mentions_surveys(client, plan, programme_lead):
    client.force_login(programme_lead)
    page = client.get(reverse("plans:history", args=[plan.pk])).content.decode().lower()
    assert "questionnaire" not in page and "réponse" not in page
