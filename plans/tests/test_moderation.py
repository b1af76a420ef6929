"""Authors correct or withdraw their progress updates within a window; the programme lead hides any of them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import ActionUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(action, action_lead):
    return services.action_update_post(action=action, by=action_lead, text="Le module est en ligne.")


def _age(update, hours):
    ActionUpdate.objects.filter(pk=update.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    update.refresh_from_db()


def test_the_author_corrects_within_the_window_and_the_page_says_modified(client, update, action_lead):
    client.force_login(action_lead)
    response = client.post(
        reverse("plans:update_edit", args=[update.pk]), {"text": "Le module est en ligne depuis lundi."}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.text == "Le module est en ligne depuis lundi." and update.edited_at is not None
    assert update.history.count() == 2 and update.history.first().history_user == action_lead
    page = client.get(reverse("plans:action", args=[update.action_id])).content.decode()
    assert "modifié le" in page and "depuis lundi" in page


def test_after_the_window_the_author_can_no_longer_correct_or_withdraw(client, update, action_lead, settings):
    settings.QUALIVIE_CORRECTION_WINDOW = datetime.timedelta(hours=24)
    _age(update, 25)
    client.force_login(action_lead)
    assert client.get(reverse("plans:update_edit", args=[update.pk])).status_code == 403
    assert client.post(reverse("plans:update_withdraw", args=[update.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.action_update_withdraw(update=update, by=action_lead)


def test_someone_else_cannot_correct_an_update(update, programme_lead):
    with pytest.raises(PermissionDenied):
        services.action_update_edit(update=update, by=programme_lead, text="Autre texte")


def test_a_correction_is_bounded_like_a_new_update(update, action_lead):
    with pytest.raises(ValidationError):
        services.action_update_edit(update=update, by=action_lead, text="x" * 5001)


def test_the_author_withdraws_and_the_page_no_longer_shows_the_text(client, update, action_lead):
    client.force_login(action_lead)
    assert client.post(reverse("plans:update_withdraw", args=[update.pk])).status_code == 302
    update.refresh_from_db()
    assert update.withdrawn_at is not None
    page = client.get(reverse("plans:action", args=[update.action_id])).content.decode()
    assert "retiré par son auteur" in page and "Le module est en ligne." not in page


def test_the_programme_lead_hides_with_a_reason_and_it_is_audited(
    client, update, programme_lead, action_lead
):
    client.force_login(action_lead)
    assert (
        client.post(reverse("plans:update_hide", args=[update.pk]), {"reason": "Propos déplacés"}).status_code
        == 403
    )
    client.force_login(programme_lead)
    response = client.post(reverse("plans:update_hide", args=[update.pk]), {"reason": ""})
    assert response.status_code == 200  # the reason is required
    response = client.post(reverse("plans:update_hide", args=[update.pk]), {"reason": "Nom d'un agent cité"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.hidden_by == programme_lead and update.hidden_reason == "Nom d'un agent cité"
    assert update.history.first().history_user == programme_lead
    page = client.get(reverse("plans:action", args=[update.action_id])).content.decode()
    assert "masqué par le pilote : Nom d&#x27;un agent cité" in page and "Le module est en ligne." not in page


def test_the_plan_history_records_who_corrected_withdrew_or_hid_an_update_without_the_hidden_text(
    client, update, action_lead, programme_lead
):
    services.action_update_edit(update=update, by=action_lead, text="Texte corrigé.")
    services.action_update_hide(update=update, by=programme_lead, reason="Nom d'un agent cité")
    client.force_login(programme_lead)
    page = client.get(reverse("plans:history", args=[update.action.plan_id])).content.decode()
    assert "Point d&#x27;avancement" in page and "Nom d&#x27;un agent cité" in page
    assert "Texte corrigé." not in page
    assert update.history.order_by("history_date").first().history_user == action_lead
