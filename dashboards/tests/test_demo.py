"""On the demo: the programme lead's home leads to the plan's dashboard, which shows the late milestones (past due,
not reached, while their actions still show « En cours » or « En retard ») and the three weathers."""

from django.urls import reverse

from accounts.models import User
from plans.models import Plan


def test_the_demo_programme_lead_finds_late_milestones_and_weathers_on_the_dashboard(client, demo):
    pilot = User.objects.get(email="pilote@demo.qualivie.fr")
    plan = Plan.objects.filter(organisation=demo).current().get()
    client.force_login(pilot)
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("dashboards:plan", args=[plan.pk])}"' in home
    page = client.get(reverse("dashboards:plan", args=[plan.pk])).content.decode()
    assert "4 jalons en retard" in page
    for weather in ("Dans les temps", "À surveiller", "En difficulté"):
        assert f"&nbsp;</span>{weather}</span>" in page
    plan_page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    row = plan_page[plan_page.index(">3.2</td>") : plan_page.index("</tr>", plan_page.index(">3.2</td>"))]
    assert "En cours" in row and "1 jalon en retard" in row
