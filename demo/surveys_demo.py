"""The demo barometer: two published yearly campaigns with synthetic answers, and one campaign open now.

Campaigns are created, opened, closed and published through ``surveys.services``, so invitations, frozen
reporting units and coarse attributes are exactly those of a real campaign. Nothing is e-mailed: the
sending queued by ``campaign_open`` is dropped and the invitations are marked as sent.

Synthetic answers enter the way real ones do: one ballot per respondent, sealed with the campaign's box key
(its invitation key marked used). The demo's trustees are the programme lead and two staff representatives;
their keys are derived from a fixed seed so that ``demo_accounts`` can print them (demo data only: a real
trustee's key is made at random and shown to them once). The past campaigns are closed, two trustees deposit
their keys and the box is opened as after a real count (answers generalised to units of at least five
respondents, shuffled, random ids, no time). Answers come from a seeded model with believable contrasts:

- recognition is the lowest dimension, meaning of work the highest; a slight improvement from 2024 to 2025;
- the DSDEN du Doubs (whole département) improves markedly on relations in 2025;
- three schools (``STRUGGLING``) are much lower on working conditions, both years;
- two small teams (``SMALL_TEAMS``) have fewer than five respondents, so their answers are stored with their
  parent unit's (« déclarées avec … »);
- about thirty published comments per campaign, ten or more on one question in two large lycées.

The open campaign (its box sealed) holds one invitation whose token is known (``DEMO_TOKEN``,
agent@demo.qualivie.fr): ``manage.py demo_accounts`` prints its link and the trustees' keys. Demo data only: a
real token is never known to anyone.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import DatabaseError, transaction
from django.utils import timezone
from nacl.public import PrivateKey

from accounts.models import Role, RoleGrant, User
from analytics.services import results_build
from core.models import Job, JobStatus
from demo.accounts import DEMO_PASSWORD
from demo.steps import Progress, silent, thousands
from organisations.models import Organisation, Unit
from surveys import ballotbox, crypto, services, trustees
from surveys.models import (
    NOT_CONCERNED,
    Ballot,
    Campaign,
    Comment,
    CommentStatus,
    EmailStatus,
    Invitation,
    InvitationKey,
    Item,
    ItemKind,
    Questionnaire,
    QuestionnaireKind,
    Trustee,
)

PARIS = ZoneInfo("Europe/Paris")
SEED = 2024
DEMO_TOKEN = "DEM0QVCT2026DEM0QVCT"  # noqa: S105 - printed on purpose by demo_accounts: demo data only
DEMO_AGENT_EMAIL = "agent@demo.qualivie.fr"
PILOT_EMAIL = "pilote@demo.qualivie.fr"
TRUSTEE_EMAILS = (PILOT_EMAIL, "representant@demo.qualivie.fr", "representante.f3sct@demo.qualivie.fr")
REPORTING_ATTRIBUTES = ["job_family", "category", "gender", "age_band"]
TITLE_PREFIX = "Baromètre QVT"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Year:
    year: int
    opens_on: date
    closes_on: date
    published_on: date
    shift: float  # overall change of the answers' latent level


PAST_YEARS = (
    Year(2024, date(2024, 3, 11), date(2024, 4, 5), date(2024, 5, 14), 0.0),
    Year(2025, date(2025, 3, 10), date(2025, 4, 4), date(2025, 5, 13), 0.1),
)
RESPONSE_RATE = 0.6
OPEN_RESPONSE_RATE = 0.35  # a week into the open campaign

# Latent mean (1..5, before rounding) by dimension; the item offsets below shape each dimension.
DIMENSION_MEAN = {
    "relations": 3.75,
    "service_public": 3.5,
    "sens": 3.95,
    "conditions": 3.25,
    "implication": 3.45,
    "reconnaissance": 2.85,
}
ITEM_OFFSET = {
    "rel_respect": 0.3,
    "rel_encadrant_ecoute": -0.2,
    "com_courriels": -0.6,
    "com_decisions": -0.3,
    "com_qvt_connue": -0.4,
    "sens_utilite": 0.4,
    "sens_qualite": -0.4,
    "cond_charge": -0.45,
    "cond_pression": -0.4,
    "cond_securite": 0.35,
    "cond_outils": -0.2,
    "impl_fierte": 0.2,
    "rec_collegues": 0.7,
    "rec_remuneration": -0.7,
    "rec_carriere": -0.35,
}
NOT_CONCERNED_SHARE = {"rel_encadrant_ecoute": 0.04, "impl_espaces": 0.04, "cond_deconnexion": 0.05}
SKIPPED_SHARE = 0.015
JOB_EFFECT = {
    "AED": {"reconnaissance": -0.35, "sens": -0.15, "implication": -0.2},
    "Direction": {"conditions": -0.35, "implication": 0.4, "reconnaissance": 0.1},
    "Enseignant": {"conditions": -0.1, "reconnaissance": -0.1, "sens": 0.1},
    "Personnel administratif": {"sens": -0.2, "service_public": 0.1},
    "Santé-social": {"relations": 0.1, "conditions": -0.25},
}
AGE_EFFECT = {"<30": {"sens": 0.1, "reconnaissance": 0.15}, "50-59": {"reconnaissance": -0.1}}
DOUBS = "DSDEN25"
DOUBS_RELATIONS = {2024: -0.15, 2025: 0.25, 2026: 0.25}
STRUGGLING = ("C25-15", "L70-02", "C39-05")  # schools much lower on working conditions
SMALL_TEAMS = {"DSDEN25-SANTE": 3, "RECT-SOCIAL": 4}  # fewer respondents than the threshold (5)
COMMENT_UNITS = {"L25-08": 11, "L39-01": 10}  # enough comments on txt_ameliorer to be shown there
SCATTERED_COMMENTS = 10  # txt_positif, spread over the organisation (shown at its top only)

IMPROVE = (
    "Moins de réunions tardives et un calendrier annoncé plus tôt.",
    "Des salles de travail calmes pour préparer les cours et corriger.",
    "Un vrai temps d'échange entre collègues sur nos pratiques, inscrit dans l'emploi du temps.",
    "Des remplacements plus rapides quand un collègue est absent.",
    "Moins de courriels le soir et le week-end, et des consignes plus claires.",
    "Une reconnaissance des projets menés au-delà des heures de cours.",
    "Des locaux rénovés : la salle des personnels est trop petite et mal chauffée.",
    "Des outils numériques qui fonctionnent, et une assistance quand ils tombent en panne.",
    "Un accompagnement des nouveaux collègues pendant leurs premières semaines.",
    "Plus de transparence sur les mutations et les perspectives de carrière.",
    "Des formations au plus près du terrain, sur le temps de travail.",
    "Un soutien de la hiérarchie lorsque les relations avec certaines familles se tendent.",
    "Des effectifs d'élèves par classe plus raisonnables.",
    "Un accès plus simple à la médecine de prévention.",
    "Des temps de pause réellement respectés.",
    "Des décisions expliquées avant d'être appliquées.",
    "Un interlocuteur identifié pour les questions de paie.",
    "Davantage de temps de concertation entre le premier et le second degré.",
    "Des équipements adaptés dans les ateliers, certains sont vétustes.",
    "Une meilleure circulation de l'information entre la direction et les équipes.",
    "Des moments de convivialité pour se connaître entre services.",
)
POSITIVE = (
    "L'entraide dans l'équipe, surtout en début d'année.",
    "Les temps d'accueil des nouveaux arrivants mis en place cette année.",
    "La cellule d'écoute, que j'ai trouvée très réactive.",
    "Le travail en binôme avec la vie scolaire.",
    "Les espaces de discussion sur le travail : on y parle enfin de notre quotidien.",
    "La réactivité du service RH de proximité.",
    "Les projets interdisciplinaires qui redonnent du sens au métier.",
    "L'écoute de la direction quand un problème est signalé.",
    "Les formations proposées par l'école académique de la formation continue.",
    "Le droit à la déconnexion mieux respecté depuis la charte.",
    "La convivialité : petit-déjeuner d'équipe une fois par mois.",
    "L'accompagnement des collègues en situation de handicap.",
)
NAMED = (  # comments naming someone: the moderator replaced the name (shown moderated)
    ("Merci à Mme Perrin pour son soutien pendant l'inspection.", "Merci à [nom] pour son soutien pendant l'inspection."),
    ("Le principal, M. Garnier, ne répond jamais aux demandes.", "Le principal, [nom], ne répond jamais aux demandes."),
)  # fmt: skip


def load_surveys_demo(org: Organisation, progress: Progress = silent) -> bool:
    """Install the questionnaires and the three barometer campaigns; False if they are already there.
    ``progress`` receives one French line per step (demo/loader.py)."""
    if Campaign.objects.filter(organisation=org, title__startswith=TITLE_PREFIX).exists():
        return False
    pilot = User.objects.get(email=PILOT_EMAIL)
    services.questionnaire_install_templates(organisation=org)
    questionnaire = Questionnaire.objects.get(organisation=org, kind=QuestionnaireKind.BAROMETER, version=1)
    items = list(Item.objects.filter(questionnaire=questionnaire).order_by("position"))
    root = Unit.objects.get(organisation=org, parent=None)
    codes = dict(Unit.objects.filter(organisation=org).values_list("pk", "code"))
    doubs_path = Unit.objects.get(organisation=org, code=DOUBS).path
    doubs = set(
        Unit.objects.filter(organisation=org, path__startswith=doubs_path).values_list("pk", flat=True)
    )
    context = _Context(items=items, codes=codes, doubs=doubs)
    closed = []
    for year in PAST_YEARS:
        progress(f"Démo : baromètre {year.year} : ouverture de l'urne et invitations…")
        campaign = _open(org, questionnaire, root, pilot, year.year, year.opens_on, year.closes_on)
        sealed = _answer(campaign, context, year, RESPONSE_RATE, random.Random(SEED + year.year))
        progress(
            f"Démo : baromètre {year.year} : {thousands(sealed)} réponses scellées, clôture et dépouillement…"
        )
        services.campaign_close(campaign=campaign, by=pilot)
        _count(campaign)
        Comment.objects.filter(campaign=campaign).update(status=CommentStatus.PUBLISHED)
        for text, moderated in NAMED:
            Comment.objects.filter(campaign=campaign, text=text).update(moderated_text=moderated)
        Campaign.objects.filter(pk=campaign.pk).update(
            created_at=_at(year.opens_on - timedelta(days=30), 9),
            opened_at=_at(year.opens_on, 8),
            closed_at=_at(year.closes_on, 18),
        )
        closed.append((campaign, year))
    today = timezone.localdate()
    current = Year(2026, today - timedelta(days=7), today + timedelta(days=21), today, 0.15)
    progress(f"Démo : baromètre {current.year} ouvert : urne et invitations…")
    campaign = _open(org, questionnaire, root, pilot, current.year, current.opens_on, current.closes_on)
    demo = Invitation.objects.get(campaign=campaign, person__user__email=DEMO_AGENT_EMAIL)
    InvitationKey.objects.filter(pk=demo.pk).update(token_hash=crypto.token_hash(DEMO_TOKEN))
    sealed = _answer(campaign, context, current, OPEN_RESPONSE_RATE, random.Random(SEED + 2026), keep=demo.pk)
    progress(f"Démo : baromètre {current.year} ouvert : {thousands(sealed)} réponses scellées.")
    Campaign.objects.filter(pk=campaign.pk).update(
        created_at=_at(current.opens_on - timedelta(days=21), 9), opened_at=_at(current.opens_on, 8)
    )
    progress(f"Démo : calcul des résultats des baromètres {', '.join(str(y.year) for y in PAST_YEARS)}…")
    if _build_results([campaign for campaign, _year in closed]):
        for campaign, year in closed:  # results are published once built (``campaign_publish`` checks it)
            services.campaign_publish(campaign=campaign, by=pilot)
            Campaign.objects.filter(pk=campaign.pk).update(published_at=_at(year.published_on, 10))
    return True


@dataclass
class _Context:
    items: list[Item]
    codes: dict[int, str]  # unit pk → code
    doubs: set[int]  # units of the DSDEN du Doubs subtree


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


def _open(
    org: Organisation,
    questionnaire: Questionnaire,
    root: Unit,
    pilot: User,
    year: int,
    opens_on: date,
    closes_on: date,
) -> Campaign:
    campaign = services.campaign_create(
        organisation=org,
        questionnaire=questionnaire,
        title=f"{TITLE_PREFIX} {year}",
        units=[root],
        opens_on=opens_on,
        closes_on=closes_on,
        by=pilot,
        reporting_attributes=REPORTING_ATTRIBUTES,
    )
    _name_trustees(campaign, org)
    job = services.campaign_open(campaign=campaign, by=pilot, send_emails=False)
    assert job is not None, "demo campaigns open on or after their opening date"
    Invitation.objects.filter(campaign=campaign, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENT, email_attempts=1
    )
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        done=job.total,
        message="Démonstration : invitations fictives, aucun e-mail n'a été envoyé.",
        finished_at=_at(opens_on, 8),
    )
    return campaign


def demo_trustee_key(email: str) -> PrivateKey:
    """The demo trustee's private key, derived from their e-mail: demo data only (printed by demo_accounts)."""
    return PrivateKey(hashlib.sha256(f"qualivie-demo-trustee:{email}".encode()).digest())


def demo_trustee_keys() -> list[tuple[str, str]]:
    """(e-mail, key text) of the demo trustees, as ``demo_accounts`` prints them."""
    return [(email, ballotbox.key_text(demo_trustee_key(email))) for email in TRUSTEE_EMAILS]


def _name_trustees(campaign: Campaign, org: Organisation) -> None:
    """The programme lead and two staff representatives, with their seeded demo keys; quorum 2."""
    users = []
    for email in TRUSTEE_EMAILS:
        user = User.objects.filter(email=email).first()
        if user is None:  # the second representative has no HR record: an elected member of the F3SCT
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name="Camille", last_name="Representante"
            )
            RoleGrant.objects.create(user=user, organisation=org, role=Role.STAFF_REP)
        users.append(user)
    trustees.trustees_set(campaign=campaign, users=users, quorum=2, by=None)
    for user in users:
        public = ballotbox.public_of(demo_trustee_key(user.email))
        Trustee.objects.filter(campaign=campaign, user=user).update(
            public_key=public, key_registered_at=campaign.created_at
        )


def _count(campaign: Campaign) -> None:
    """Two trustees deposit their keys; the box is opened as at a real count."""
    for trustee in campaign.trustees.select_related("user").order_by("number")[:2]:
        key = ballotbox.key_text(demo_trustee_key(trustee.user.email))
        trustees.trustee_deposit(trustee=trustee, key_text=key, by=trustee.user)
    trustees.ballot_box_open(campaign=campaign)


def _respondents(
    invitations: list[dict[str, Any]],
    codes: dict[int, str],
    rate: float,
    rng: random.Random,
    keep: int | None,
) -> list[dict[str, Any]]:
    """Who answers: a participation rate drawn per reporting unit around ``rate``; small teams stay small."""
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for invitation in invitations:
        if invitation["pk"] != keep:
            by_unit[invitation["reporting_unit_id"]].append(invitation)
    chosen: list[dict[str, Any]] = []
    for unit_id in sorted(by_unit):
        members = by_unit[unit_id]
        wanted = SMALL_TEAMS.get(codes[unit_id])
        if wanted is None:
            unit_rate = min(0.9, max(0.3, rng.gauss(rate, 0.09)))
            wanted = round(unit_rate * len(members))
        chosen.extend(rng.sample(members, min(wanted, len(members))))
    return chosen


def _answer(
    campaign: Campaign,
    context: _Context,
    year: Year,
    rate: float,
    rng: random.Random,
    keep: int | None = None,
) -> int:
    """Seal one ballot per respondent (as ``response_submit`` does) and use their invitation; returns how
    many ballots were sealed."""
    invitations: list[dict[str, Any]] = [
        dict(row)
        for row in Invitation.objects.filter(campaign=campaign)
        .order_by("pk")
        .values("pk", "unit_id", "reporting_unit_id", "attributes", "person__job_family", "person__age_band")
    ]
    chosen = _respondents(invitations, context.codes, rate, rng, keep)
    rng.shuffle(chosen)
    comments = _comments(chosen, context.codes, year.year, rng)
    unit_effect = _unit_effects(context.codes, year.year)
    campaign.refresh_from_db()
    public_key, size = bytes(campaign.box_public_key or b""), campaign.ballot_size
    ballots = []
    for invitation in chosen:
        unit_id = invitation["reporting_unit_id"]
        effects = _effects(invitation, unit_id, context, year, unit_effect.get(unit_id, 0.0))
        payload = {
            "u": invitation["unit_id"],
            "a": invitation["attributes"],
            "x": _answers(context.items, effects, year.year, rng),
            "c": comments.get(invitation["pk"], []),
        }
        ballots.append(Ballot(campaign=campaign, sealed=ballotbox.seal(public_key, payload, size)))
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    used = sorted(invitation["pk"] for invitation in chosen)
    for start in range(0, len(used), 500):
        InvitationKey.objects.filter(pk__in=used[start : start + 500]).update(used=True)
    return len(ballots)


def _unit_effects(codes: dict[int, str], year: int) -> dict[int, float]:
    """A stable climate per unit (same every year) plus a little yearly drift."""
    effects = {}
    for pk, code in codes.items():
        stable = random.Random(f"climate:{code}").gauss(0, 0.15)
        drift = random.Random(f"drift:{code}:{year}").gauss(0, 0.06)
        effects[pk] = stable + drift
    return effects


def _effects(
    invitation: dict[str, Any], unit_id: int, context: _Context, year: Year, climate: float
) -> dict[str, float]:
    """Latent level of one respondent for each dimension."""
    level = {dimension: mean + year.shift + climate for dimension, mean in DIMENSION_MEAN.items()}
    for table, key in (
        (JOB_EFFECT, invitation["person__job_family"]),
        (AGE_EFFECT, invitation["person__age_band"]),
    ):
        for dimension, delta in table.get(key, {}).items():
            level[dimension] += delta
    if unit_id in context.doubs:
        level["relations"] += DOUBS_RELATIONS[year.year]
    if context.codes[unit_id] in STRUGGLING:
        level["conditions"] -= 0.75 if year.year == 2024 else 0.65
        level["reconnaissance"] -= 0.3
    return level


def _answers(items: list[Item], level: dict[str, float], year: int, rng: random.Random) -> dict[str, Any]:
    person = rng.gauss(0, 0.4)
    mood = {dimension: value + person + rng.gauss(0, 0.3) for dimension, value in level.items()}
    answers: dict[str, Any] = {}
    for item in items:
        if item.kind == ItemKind.AGREEMENT:
            if rng.random() < NOT_CONCERNED_SHARE.get(item.key, 0.0):
                answers[item.key] = NOT_CONCERNED
                continue
            if rng.random() < SKIPPED_SHARE:
                continue
            value = min(
                5, max(1, round(mood[item.dimension] + ITEM_OFFSET.get(item.key, 0.0) + rng.gauss(0, 0.75)))
            )
            answers[item.key] = 6 - value if item.reverse else value
    overall = sum(mood.values()) / len(mood)
    answers["be_global"] = min(10, max(0, round(2.4 * (overall - 1) + rng.gauss(0, 1.1))))
    if rng.random() > SKIPPED_SHARE:
        recommend = (mood["relations"] + mood["conditions"]) / 2
        answers["be_recommande"] = min(10, max(0, round(2.3 * (recommend - 1) + rng.gauss(0, 1.4))))
    better = {2024: 0.2, 2025: 0.3, 2026: 0.32}[year] + 0.1 * (overall - 3.4)
    worse = {2024: 0.3, 2025: 0.22, 2026: 0.2}[year] - 0.1 * (overall - 3.4)
    roll = rng.random()
    answers["be_evolution"] = "mieux" if roll < better else ("moins" if roll < better + worse else "pareil")
    return answers


def _comments(
    chosen: list[dict[str, Any]], codes: dict[int, str], year: int, rng: random.Random
) -> dict[int, list[list[str]]]:
    """Free-text answers by invitation: many in two large lycées, a few spread elsewhere."""
    texts = list(IMPROVE) + [original for original, _moderated in NAMED]
    rng.shuffle(texts)
    pool = iter(texts * 2)
    by_invitation: dict[int, list[list[str]]] = defaultdict(list)
    wanted = Counter({code: n for code, n in COMMENT_UNITS.items()}) if year < 2026 else Counter()
    for invitation in chosen:
        code = codes[invitation["reporting_unit_id"]]
        if wanted[code] > 0:
            wanted[code] -= 1
            by_invitation[invitation["pk"]].append(["txt_ameliorer", next(pool)])
    others = [i for i in chosen if codes[i["reporting_unit_id"]] not in COMMENT_UNITS]
    positive = list(POSITIVE)
    rng.shuffle(positive)
    count = SCATTERED_COMMENTS if year < 2026 else 6
    for invitation, text in zip(rng.sample(others, count), positive * 2, strict=False):
        by_invitation[invitation["pk"]].append(["txt_positif", text])
    return by_invitation


def _build_results(campaigns: list[Campaign]) -> bool:
    """Results of the closed campaigns (``analytics.services.results_build``).

    Skipped (with a warning) while the analytics tables do not exist yet: the demo still loads, and the
    programme lead can build the results from the campaign page.
    """
    for campaign in campaigns:
        try:
            with transaction.atomic():
                results_build(campaign=campaign)
        except DatabaseError:
            logger.warning("demo: results of %s not built (run migrate)", campaign.title)
            return False
    return True


__all__ = ["DEMO_TOKEN", "demo_trustee_keys", "load_surveys_demo"]
