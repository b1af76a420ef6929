"""The RPS grid's questions are the organisation's to configure: start from the defaults, add, reword, reorder,
deactivate and reactivate — and a grid already answered keeps the questions as they were asked, with its means."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from prevention import selectors, services
from prevention.models import RpsGrid, RpsQuestion

URL = "/prevention/grille-rps/questions/"


def _answer(client, work_unit, organisation, value_of):
    data = {
        "work_unit": work_unit.code,
        "held_on": "02/03/2026",
        "participant_count": 5,
        "participant_roles": "3 AED, 1 CPE, 1 secrétaire",
    }
    data |= {f"q{q.pk}": value_of(q) for q in selectors.rps_questions(organisation)}
    response = client.post("/prevention/grille-rps/nouvelle/", data)
    assert response.status_code == 302, response.content.decode()
    return RpsGrid.objects.latest("pk")


def test_the_adviser_starts_the_organisations_own_grid_from_the_defaults_in_one_step(
    client, organisation, adviser
):
    client.force_login(adviser)
    page = client.get(URL).content.decode()
    assert "Créer la grille de l'organisation à partir de la grille par défaut" in page
    assert "/modifier/" not in page  # the shared default questions are never changed
    response = client.post("/prevention/grille-rps/questions/propre-grille/")
    assert response.status_code == 302
    own = list(RpsQuestion.objects.filter(organisation=organisation))
    defaults = list(selectors.default_rps_questions())
    assert [(q.family, q.text) for q in own] == [(q.family, q.text) for q in defaults]
    assert [q.order for q in own] == list(range(1, 27))
    page = client.get(URL).content.decode()
    assert "Votre organisation utilise sa propre grille : 26 questions actives." in page
    assert f"/prevention/grille-rps/questions/{own[0].pk}/modifier/" in page
    # A second time: refused, nothing copied twice.
    client.post("/prevention/grille-rps/questions/propre-grille/")
    assert RpsQuestion.objects.filter(organisation=organisation).count() == 26
    assert "Votre organisation a déjà sa propre grille." in client.get(URL).content.decode()


def test_a_reworded_question_is_asked_by_new_grids_and_answered_grids_keep_their_wording(
    client, organisation, adviser, work_unit
):
    client.force_login(adviser)
    client.post("/prevention/grille-rps/questions/propre-grille/")
    question = RpsQuestion.objects.filter(organisation=organisation, family="relations").first()
    old_text = question.text
    before = _answer(client, work_unit, organisation, lambda q: 4 if q.family == "relations" else 1)
    means_before = selectors.rps_aggregates(before)

    url = f"/prevention/grille-rps/questions/{question.pk}/modifier/"
    response = client.post(url, {"family": "relations", "text": "  "})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    other = RpsQuestion.objects.filter(organisation=organisation).exclude(pk=question.pk).first()
    response = client.post(url, {"family": "relations", "text": other.text.upper()})
    assert escape("Cette question figure déjà dans la grille de l'organisation.") in response.content.decode()
    response = client.post(url, {"family": "values", "text": "Les collègues s'entraident-ils peu ?"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.family, question.text) == ("values", "Les collègues s'entraident-ils peu ?")

    page = client.get(f"/prevention/grille-rps/{before.pk}/").content.decode()
    assert escape(old_text) in page and escape("Les collègues s'entraident-ils peu ?") not in page
    before.refresh_from_db()
    assert selectors.rps_aggregates(before) == means_before
    form = client.get("/prevention/grille-rps/nouvelle/").content.decode()
    assert escape("Les collègues s'entraident-ils peu ?") in form and escape(old_text) not in form


def test_questions_move_up_and_down_and_new_grids_ask_them_in_that_order(client, organisation, adviser):
    client.force_login(adviser)
    client.post("/prevention/grille-rps/questions/propre-grille/")
    first, second, third = RpsQuestion.objects.filter(organisation=organisation)[:3]
    assert (
        client.post(f"/prevention/grille-rps/questions/{second.pk}/deplacer/", {"sens": "haut"}).status_code
        == 302
    )
    assert [q.pk for q in selectors.rps_questions(organisation)[:3]] == [second.pk, first.pk, third.pk]
    client.post(f"/prevention/grille-rps/questions/{second.pk}/deplacer/", {"sens": "bas"})
    client.post(f"/prevention/grille-rps/questions/{second.pk}/deplacer/", {"sens": "bas"})
    assert [q.pk for q in selectors.rps_questions(organisation)[:3]] == [first.pk, third.pk, second.pk]
    # The first cannot go higher; a missing direction is a bad request.
    client.post(f"/prevention/grille-rps/questions/{first.pk}/deplacer/", {"sens": "haut"})
    assert selectors.rps_questions(organisation)[0].pk == first.pk
    assert client.post(f"/prevention/grille-rps/questions/{first.pk}/deplacer/").status_code == 400
    form = client.get("/prevention/grille-rps/nouvelle/").content.decode()
    assert form.index(escape(third.text)) < form.index(escape(second.text))


def test_deactivating_asks_for_confirmation_and_keeps_the_answered_grids_and_their_means(
    client, organisation, adviser, work_unit
):
    client.force_login(adviser)
    client.post("/prevention/grille-rps/questions/propre-grille/")
    hours = list(RpsQuestion.objects.filter(organisation=organisation, family="hours"))
    before = _answer(client, work_unit, organisation, lambda q: 4 if q.pk == hours[0].pk else 1)
    means_before = {
        row["family"]: (row["questions"], row["mean"]) for row in selectors.rps_aggregates(before)
    }
    assert means_before["hours"] == (3, 2.0)

    url = f"/prevention/grille-rps/questions/{hours[0].pk}/desactiver/"
    page = client.get(url).content.decode()
    assert "Les nouvelles grilles RPS ne poseront plus cette question." in page
    assert "leurs réponses et leurs moyennes par famille ne changent pas" in page
    assert "Cette étape ne peut pas être annulée." not in page
    assert client.post(url).status_code == 200  # not confirmed: the page again, nothing done
    hours[0].refresh_from_db()
    assert hours[0].active
    assert client.post(url, {"confirm": "oui"}).status_code == 302
    hours[0].refresh_from_db()
    assert not hours[0].active and RpsQuestion.objects.filter(pk=hours[0].pk).exists()

    asked = selectors.rps_questions(organisation)
    assert len(asked) == 25 and hours[0].pk not in {q.pk for q in asked}
    after = _answer(client, work_unit, organisation, lambda q: 1)
    assert {q["id"] for q in after.questions} == {q.pk for q in asked}
    before.refresh_from_db()
    assert {
        r["family"]: (r["questions"], r["mean"]) for r in selectors.rps_aggregates(before)
    } == means_before
    page = client.get(f"/prevention/grille-rps/{before.pk}/").content.decode()
    assert escape(hours[0].text) in page
    assert "Désactivée" in client.get(URL).content.decode()

    assert client.post(f"/prevention/grille-rps/questions/{hours[0].pk}/reactiver/").status_code == 302
    assert hours[0].pk in {q.pk for q in selectors.rps_questions(organisation)}


def test_an_organisation_keeps_its_own_grid_when_all_but_one_question_are_deactivated(organisation, adviser):
    own = services.rps_questions_adopt_defaults(organisation=organisation, by=adviser)
    for question in own[1:]:
        services.rps_question_set_active(question=question, by=adviser, active=False)
    with pytest.raises(ValidationError, match="au moins une question active"):
        services.rps_question_set_active(question=own[0], by=adviser, active=False)
    assert [q.pk for q in selectors.rps_questions(organisation)] == [own[0].pk]


def test_a_default_question_is_never_changed_and_other_roles_cannot_configure(
    client, organisation, adviser, manager, staff_rep, agent, outsider, work_unit
):
    default = selectors.default_rps_questions().first()
    client.force_login(adviser)
    assert client.get(f"/prevention/grille-rps/questions/{default.pk}/modifier/").status_code == 404
    with pytest.raises(ValidationError):
        services.rps_question_update(question=default, by=adviser, family="hours", text="Autre ?")
    own = services.rps_questions_adopt_defaults(organisation=organisation, by=adviser)[0]
    for user in (manager, staff_rep, agent):
        client.force_login(user)
        assert client.get(f"/prevention/grille-rps/questions/{own.pk}/modifier/").status_code == 403
        assert client.post(f"/prevention/grille-rps/questions/{own.pk}/reactiver/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/prevention/grille-rps/questions/{own.pk}/desactiver/").status_code == 404


def test_grids_answered_before_the_questions_were_frozen_read_the_live_rows(organisation, adviser, work_unit):
    """What migration 0006 fills: a grid without its frozen questions still reads and aggregates."""
    questions = selectors.rps_questions(organisation)
    grid = services.rps_grid_create(
        organisation=organisation,
        by=adviser,
        work_unit=work_unit,
        held_on=datetime.date(2026, 3, 2),
        participant_count=3,
        participant_roles="3 AED",
        answers={q.pk: 3 for q in questions},
    )
    RpsGrid.objects.filter(pk=grid.pk).update(questions=[])
    grid.refresh_from_db()
    assert len(selectors.rps_grid_questions(grid)) == 26
    assert {row["mean"] for row in selectors.rps_aggregates(grid)} == {3.0}


def test_migration_0006_freezes_the_questions_of_grids_already_answered(organisation, adviser, work_unit):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("prevention.migrations.0006_rps_grid_questions")
    questions = selectors.rps_questions(organisation)
    grid = services.rps_grid_create(
        organisation=organisation,
        by=adviser,
        work_unit=work_unit,
        held_on=datetime.date(2026, 3, 2),
        participant_count=3,
        participant_roles="3 AED",
        answers={q.pk: 2 for q in questions},
    )
    RpsGrid.objects.filter(pk=grid.pk).update(questions=[])
    migration.freeze_questions(apps, None)
    grid.refresh_from_db()
    assert grid.questions == [{"id": q.pk, "family": q.family, "text": q.text} for q in questions]
