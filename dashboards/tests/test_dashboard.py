"""The plan, axis and action dashboards: what a programme lead reads there, filters kept in the URL, exports."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Direction, Indicator, IndicatorKind, IndicatorValue, Target, ValueStatus
from plans import services
from plans.models import ActionStatus, ActionUpdate, Weather


@pytest.fixture
def indicator(action, organisation):
    indicator = Indicator.objects.create(
        organisation=organisation,
        plan_lineage=action.plan.lineage,
        axis_number=1,
        action_lineage=action.lineage,
        name="Personnes formées à la relation à l'usager",
        kind=IndicatorKind.FOLLOW_UP,
        unit="personnes",
        direction=Direction.UP,
    )
    for year, value in ((2023, 40), (2024, 85)):
        IndicatorValue.objects.create(
            indicator=indicator, school_year=year, value=Decimal(value), status=ValueStatus.VALIDATED
        )
        Target.objects.create(indicator=indicator, school_year=year, value=Decimal(80))
    return indicator


@pytest.fixture
def dashboard(client, programme_lead, action, barometer_action, indicator):
    services.action_update_post(
        action=action, by=programme_lead, text="Session 2 ouverte.", weather=Weather.AT_RISK
    )
    client.force_login(programme_lead)
    response = client.get(reverse("dashboards:plan", args=[action.plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_summarises_the_plan_in_one_sentence(dashboard):
    assert "2 actions (à venir : 1, en cours : 1)" in dashboard
    assert "2 jalons en retard" in dashboard
    assert "1 indicateur sur 1 atteint sa cible" in dashboard


def test_each_chart_is_svg_with_a_title_and_a_table_alternative(dashboard):
    assert dashboard.count('<svg class="qv-dash-svg"') == 4
    assert dashboard.count('role="img"') >= 4
    for title in (
        "Actions par statut",
        "Actions par axe et par statut",
        "Météo des actions",
        "Indicateurs par rapport à leur cible",
    ):
        assert f"{title} (données du graphique)" in dashboard
    assert "<script" not in dashboard.split('id="contenu"')[1].split("</main>")[0]
    assert "style=" not in dashboard.split('id="contenu"')[1].split("</main>")[0]


def test_weather_late_milestones_and_indicators_are_listed(dashboard):
    assert "⛅&nbsp;</span>À surveiller" in dashboard
    assert "Module en ligne" in dashboard and "15/03/2024" in dashboard
    row = dashboard[dashboard.index("Personnes formées") :]
    row = row[: row.index("</tr>")]
    assert "85" in row and "80" in row and "en hausse" in row and "oui" in row


def test_actions_without_news_follow_the_organisations_delay(client, programme_lead, action, organisation):
    services.action_update_post(action=action, by=programme_lead, text="Point.")
    ActionUpdate.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    client.force_login(programme_lead)
    url = reverse("dashboards:plan", args=[action.plan.pk])
    organisation.stale_update_days = 3650
    organisation.save()
    assert re.search(
        r"\b0 actions? sans point d&#x27;avancement depuis 3650 jours", client.get(url).content.decode()
    )
    organisation.stale_update_days = 7
    organisation.save()
    assert "1 action sans point d&#x27;avancement depuis 7 jours" in client.get(url).content.decode()


def test_filters_are_kept_in_the_url_and_in_the_export_links(
    client, programme_lead, action, barometer_action
):
    client.force_login(programme_lead)
    url = reverse("dashboards:plan", args=[action.plan.pk])
    page = client.get(url, {"statut": ActionStatus.PLANNED}).content.decode()
    assert "1 action (à venir : 1)" in page
    assert "statut=planned" in page  # export links carry the filters
    assert '<option value="planned" selected>' in page
    page = client.get(url, {"statut": "n'importe quoi", "axe": "x"}).content.decode()
    assert "2 actions" in page


def test_the_lead_filter_keeps_the_leads_actions(
    client, programme_lead, action_lead, action, barometer_action
):
    client.force_login(programme_lead)
    page = client.get(
        reverse("dashboards:plan", args=[action.plan.pk]), {"pilote": action_lead.pk}
    ).content.decode()
    assert "1 action (en cours : 1)" in page


def test_the_axis_dashboard_shows_only_its_axis(client, programme_lead, action, barometer_action):
    client.force_login(programme_lead)
    page = client.get(reverse("dashboards:axis", args=[barometer_action.axis_id])).content.decode()
    assert "Tableau de bord — axe 3" in page
    assert "1 action (à venir : 1)" in page


def test_the_action_lead_reads_the_dashboard_of_their_action(client, action_lead, action, indicator):
    client.force_login(action_lead)
    page = client.get(reverse("dashboards:action", args=[action.pk])).content.decode()
    assert "Tableau de bord — action 1.1" in page
    assert "Personnes formées à la relation à l&#x27;usager (données du graphique)" in page
    assert "2024-2025" in page
    assert client.get(reverse("dashboards:plan", args=[action.plan.pk])).status_code == 403


def test_the_exports_hold_the_dashboards_tables(client, programme_lead, action, barometer_action, indicator):
    from odf.opendocument import load
    from odf.table import Table
    from openpyxl import load_workbook

    client.force_login(programme_lead)
    url = reverse("dashboards:plan_export", args=[action.plan.pk])
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Actions", "Axes", "Jalons en retard", "Indicateurs"]
    codes = [row[0] for row in book["Actions"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["1.1", "3.5"]
    ods = client.get(url, {"format": "ods", "statut": ActionStatus.PLANNED})
    doc = load(io.BytesIO(ods.content))
    text = "".join(str(t) for t in doc.spreadsheet.getElementsByType(Table)[0].childNodes)
    assert "3.5" in text and "1.1" not in text
    assert client.get(url, {"format": "exe"}).status_code == 404


def test_the_programme_lead_changes_the_delay_with_a_french_error_first(client, programme_lead, organisation):
    client.force_login(programme_lead)
    url = reverse("dashboards:settings", args=[organisation.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"stale_update_days": "3"})
    assert response.status_code == 400
    assert "Choisissez un délai entre 7 et 730 jours." in response.content.decode()
    assert client.post(url, {"stale_update_days": "60"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.stale_update_days == 60


def test_the_programme_leads_home_leads_to_the_dashboard_and_the_agents_does_not(
    client, programme_lead, agent, plan
):
    client.force_login(programme_lead)
    page = client.get(reverse("core:home")).content.decode()
    assert (
        f'href="{reverse("dashboards:plan", args=[plan.pk])}"' in page and "Ouvrir le tableau de bord" in page
    )
    assert client.get(reverse("dashboards:index")).url == reverse("dashboards:plan", args=[plan.pk])
    client.force_login(agent)
    page = client.get(reverse("core:home")).content.decode()
    assert "Ouvrir le tableau de bord" not in page
