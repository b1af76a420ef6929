"""The demo's annual reviews: the closed review of 2024-2025 and the cycle open for 2025-2026.

The 2024-2025 review froze the plan as it stood on 3 March 2025 (rebuilt from the demo's progress log,
demo/progress.py), was commented by the working group, got the FSU's vote « pour » and the UNSA's abstention,
recorded two decisions, generated its documents (PDF, ODT, ODS, XLSX: the real job body, run inline) and was
closed after the CSA of April 2025. The 2025-2026 cycle is open now: its consultation runs around today, its
snapshot is today's plan (so it shows what changed since 2024-2025), and its calendar leads to the F3SCT debate
of December 2026. Statements and comments are invented.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from core.models import Job
from demo.progress import PROGRESS
from demo.steps import Progress, silent
from organisations.models import Organisation
from plans.models import Action, ActionStatus, Plan
from reviews import services
from reviews.models import ReviewCycle, VoteChoice

PARIS = ZoneInfo("Europe/Paris")
PILOT = "pilote@demo.qualivie.fr"
MEMBERS = (
    ("representant@demo.qualivie.fr", "CSA", "FSU"),
    ("representante.f3sct@demo.qualivie.fr", "F3SCT", "UNSA"),
    ("m.fontaine@demo.qualivie.fr", "Commission Blanchet", ""),
)
FROZEN_ON = datetime.date(2025, 3, 3)


def _at(y: int, m: int, d: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hour, minute, tzinfo=PARIS)


def load_reviews_demo(org: Organisation, progress: Progress = silent) -> bool:
    """Both reviews; False if the organisation already has reviews (idempotent)."""
    if ReviewCycle.objects.filter(organisation=org).exists():
        return False
    plan = Plan.objects.filter(organisation=org).current().order_by("-version").first()
    pilot = User.objects.filter(email=PILOT).first()
    if plan is None or pilot is None:
        return False
    progress("Démo : bilan annuel 2024-2025 (consultation, avis syndicaux, documents)…")
    actions = {a.code: a for a in Action.objects.filter(plan=plan).select_related("axis")}
    closed = _closed_review(org, plan, pilot, actions)
    progress("Démo : cycle de bilan 2025-2026 ouvert (débat en F3SCT en décembre 2026)…")
    _open_review(org, plan, pilot, actions)
    return closed is not None


def _members(review: ReviewCycle) -> dict[str, User]:
    users = {u.email: u for u in User.objects.filter(email__in=[m[0] for m in MEMBERS])}
    for email, body, union in MEMBERS:
        if email in users:
            services.member_add(review=review, user=users[email], body=body, union=union)
    return users


def _as_of_spring_2025(snapshot: dict) -> dict:
    """The plan as it stood on FROZEN_ON, from the demo's progress log (the live plan is late 2026's)."""
    labels = dict(ActionStatus.choices)
    for action in snapshot["actions"]:
        data = PROGRESS.get(action["code"])
        past = [u for u in (data.updates if data else ()) if u.on <= FROZEN_ON]
        status = past[-1].status_after if past else ActionStatus.PLANNED
        action.update(
            status=status,
            status_label=str(labels[status]),
            progress=past[-1].progress if past else 0,
            last_update={"date": past[-1].on.isoformat(), "text": past[-1].text} if past else None,
        )
    snapshot["taken_at"] = _at(2025, 3, 3, 10).isoformat(timespec="minutes")
    snapshot["barometer"] = None  # the first barometer was published after this review
    snapshot["changes"] = None
    return snapshot


def _closed_review(
    org: Organisation, plan: Plan, pilot: User, actions: dict[str, Action]
) -> ReviewCycle | None:
    review = services.review_create(
        organisation=org,
        plan=plan,
        school_year=2024,
        title="Bilan annuel 2024-2025 du plan QVT",
        consultation_opens_on=datetime.date(2025, 3, 3),
        consultation_closes_on=datetime.date(2025, 3, 28),
        by=pilot,
    )
    users = _members(review)
    for kind, title, start, end, place in (
        (
            "preparatory",
            "Réunion préparatoire du groupe de travail",
            _at(2025, 2, 11, 14),
            _at(2025, 2, 11, 16, 30),
            "Rectorat, salle Victor-Hugo",
        ),
        (
            "preparatory",
            "Relecture du bilan avec les représentant·es",
            _at(2025, 3, 18, 9, 30),
            _at(2025, 3, 18, 12),
            "Visioconférence",
        ),
        (
            "csa",
            "Présentation du bilan au CSA académique",
            _at(2025, 4, 10, 9, 30),
            _at(2025, 4, 10, 12, 30),
            "Rectorat, salle du conseil",
        ),
    ):
        services.meeting_create(
            review=review, kind=kind, title=title, starts_at=start, ends_at=end, place=place
        )
    services.review_snapshot(review=review, by=pilot)
    ReviewCycle.objects.filter(pk=review.pk).update(
        snapshot=_as_of_spring_2025(review.snapshot or {}), snapshot_at=_at(2025, 3, 3, 10)
    )
    review.refresh_from_db()
    # The consultation was open in March 2025: write as the group did then (the window check is the service's).
    today = timezone.localdate()
    ReviewCycle.objects.filter(pk=review.pk).update(consultation_closes_on=today)
    review.refresh_from_db()
    fsu, unsa = users.get(MEMBERS[0][0]), users.get(MEMBERS[1][0])
    for author, code, text in (
        (
            fsu,
            "1.1",
            "La formation à la relation à l'usager doit aussi être ouverte aux AED et aux AESH, "
            "qui sont en première ligne à l'accueil des familles.",
        ),
        (
            unsa,
            "3.5",
            "Le calendrier du baromètre tombe pendant les conseils de classe : décaler d'un mois "
            "améliorerait la participation dans le second degré.",
        ),
        (fsu, "", "Le bilan est honnête sur les retards ; nous demandons un point d'étape au CSA de juin."),
    ):
        if author is not None:
            services.comment_post(
                review=review, by=author, text=text, action=actions.get(code) if code else None
            )
    if fsu is not None:
        services.vote_record(
            review=review,
            by=fsu,
            union="FSU",
            choice=VoteChoice.FOR,
            statement=(
                "La FSU vote pour ce bilan : les actions de l'axe 1 avancent et le groupe de travail a été "
                "associé à chaque étape. Elle restera vigilante sur les moyens de remplacement des personnels "
                "partis en formation."
            ),
        )
    if unsa is not None:
        services.vote_record(
            review=review,
            by=unsa,
            union="UNSA",
            choice=VoteChoice.ABSTENTION,
            statement=(
                "L'UNSA s'abstient : les intentions sont bonnes, mais trop d'actions restent « à venir » à "
                "mi-parcours et les indicateurs de résultat ne sont pas encore mesurés."
            ),
        )
    services.decision_record(
        review=review,
        by=pilot,
        text="Ouvrir le module de formation à la relation à l'usager aux AED et aux AESH dès la rentrée 2025.",
        actions=[a for code, a in actions.items() if code == "1.1"],
    )
    services.decision_record(
        review=review,
        by=pilot,
        text="Décaler la campagne du baromètre à la mi-mai et présenter un point d'étape au CSA de juin 2025.",
        actions=[a for code, a in actions.items() if code == "3.5"],
    )
    ReviewCycle.objects.filter(pk=review.pk).update(consultation_closes_on=datetime.date(2025, 3, 28))
    review.refresh_from_db()
    job = Job.objects.create(
        organisation=org,
        owner=pilot,
        kind="review_documents",
        label=f"Documents du bilan — {review.title}",
        total=5,
    )
    services.generation_run(job_id=str(job.pk), review_id=review.pk)  # the job body, run inline
    services.review_close(review=review, by=pilot)
    ReviewCycle.objects.filter(pk=review.pk).update(closed_at=_at(2025, 4, 15, 11), generation_job=job)
    return review


def _open_review(org: Organisation, plan: Plan, pilot: User, actions: dict[str, Action]) -> ReviewCycle:
    today = timezone.localdate()
    review = services.review_create(
        organisation=org,
        plan=plan,
        school_year=2025,
        title="Bilan annuel 2025-2026 du plan QVT",
        consultation_opens_on=today - datetime.timedelta(days=5),
        consultation_closes_on=today + datetime.timedelta(days=25),
        by=pilot,
    )
    _members(review)
    for kind, title, start, end, place in (
        (
            "preparatory",
            "Lancement du bilan avec le groupe de travail",
            _at(2026, 11, 17, 14),
            _at(2026, 11, 17, 16),
            "Rectorat, salle Victor-Hugo",
        ),
        (
            "preparatory",
            "Lecture des indicateurs et du baromètre 2025",
            _at(2026, 12, 1, 9, 30),
            _at(2026, 12, 1, 12),
            "Visioconférence",
        ),
        (
            "f3sct",
            "Débat sur la qualité de vie au travail en F3SCT",
            _at(2026, 12, 15, 14),
            _at(2026, 12, 15, 17),
            "Rectorat, salle du conseil",
        ),
        (
            "csa",
            "Avis du CSA académique sur le bilan",
            _at(2027, 1, 19, 9, 30),
            _at(2027, 1, 19, 12, 30),
            "Rectorat, salle du conseil",
        ),
    ):
        services.meeting_create(
            review=review, kind=kind, title=title, starts_at=start, ends_at=end, place=place
        )
    services.review_snapshot(review=review, by=pilot)
    return review
