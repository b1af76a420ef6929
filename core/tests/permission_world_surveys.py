"""The surveys and results part of the permission matrix's world (``core/tests/permission_world.py``).

Four campaigns of the barometer, made with the services as the programme lead would: a draft, an open one (with
invitations e-mailed inline and a paper codes sheet), a closed one whose results are built but not yet published
(with a comment waiting for moderation), and a published one with built results and two finished PDF reports.
Responses come in through paper codes and ``response_submit``, like the respondents' own.

Some targets are not model objects: a ``Target`` carries its own URL parameters, the unit of a results page, or
the body of a POST (a bogus code, a real paper code, a comment to moderate).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from analytics import services as analytics_services
from analytics.models import ResultReport
from core.models import Job, JobStatus
from organisations.models import Organisation, Unit
from surveys import services as survey_services
from surveys.models import Campaign, Comment, CommentStatus, Item, Questionnaire
from surveys.moderation import comment_moderate
from surveys.tests.box import name_trustees, open_box

BOGUS_CODE = "ABCD-EFGH-JKLM-NPQR"  # well-formed, but no invitation or paper code has it
BOGUS_KEY = "cle-inconnue"  # the session knows no token under this key
ANSWERS = {"be_global": 7, "rel_ambiance": 4, "cond_charge": 2, "impl_avis": -2}


@dataclass
class Target:
    """A matrix target that is not a plain model object: URL parameters, results unit or POST body of its own."""

    organisation: Organisation
    pk: Any = None  # fills the URL's first parameter, like a model object's
    url_kwargs: dict[str, Any] = field(default_factory=dict)  # other URL parameters
    unit: Unit | None = None  # results: ``?unite=`` on the pages (query or form), ``?unit=`` in the API
    data: dict[str, Any] | None = None  # form body of a POST row (default: an invalid form)
    json: dict[str, Any] | None = None  # JSON body of a POST row


@dataclass
class SurveyWorld:
    questionnaire: Questionnaire  # the installed barometer
    item: Target  # one question of it
    draft_campaign: Campaign  # the school only, not opened yet
    open_campaign: Campaign  # the whole organisation, invitations sent, paper codes printed for the school
    closed_campaign: Campaign  # closed, results built (steering preview), one comment to moderate
    published_campaign: Campaign  # closed, results built and published
    results_school: Target
    results_other_school: Target
    results_root: Target
    export: Target  # CSV export of the published results (default unit)
    export_other_school: Target
    school_report: ResultReport  # PDF of the school, requested by the manager
    root_report: ResultReport  # PDF of the whole organisation, requested by the programme lead
    pending_comment: Target  # the moderation form: publish the closed campaign's pending comment
    bogus_code: Target  # a code nobody was given, typed in the code form
    bogus_token: Target  # the same, posted as JSON with valid answers
    paper_code: Target  # a valid, unused paper code of the open campaign, typed in the code form
    paper_token: Target  # the same, posted as JSON with valid answers
    bogus_key: Target  # answering pages under a session key that holds no token


def _campaign(
    organisation: Organisation,
    questionnaire: Questionnaire,
    units: list[Unit],
    by: User,
    title: str,
    days_ago: int,
) -> Campaign:
    opens_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    return survey_services.campaign_create(
        organisation=organisation,
        questionnaire=questionnaire,
        title=title,
        units=units,
        opens_on=opens_on,
        closes_on=timezone.localdate() + datetime.timedelta(days=21),
        by=by,
        reporting_attributes=["gender"],
    )


def _collect(campaign: Campaign, unit: Unit, count: int, comment: str = "") -> None:
    """``count`` people of ``unit`` answer on paper; the first one also writes a comment."""
    for n, code in enumerate(survey_services.paper_codes_create(campaign=campaign, unit=unit, count=count)):
        answers = dict(ANSWERS, be_global=4 + n % 5)
        if comment and n == 0:
            answers["txt_ameliorer"] = comment
        survey_services.response_submit(token=code, raw=answers)


def _run(campaign: Campaign, by: User, unit: Unit, comment: str, *, publish: bool) -> Campaign:
    keys = name_trustees(campaign)
    survey_services.campaign_open(campaign=campaign, by=by)
    campaign.refresh_from_db()
    _collect(campaign, unit, 6, comment)
    campaign = survey_services.campaign_close(campaign=campaign, by=by)
    open_box(campaign, keys)
    analytics_services.results_build(campaign=campaign)
    if publish:
        for pending in Comment.objects.filter(campaign=campaign):
            comment_moderate(comment=pending, by=by, publish=True, moderated_text=pending.text)
        survey_services.campaign_publish(campaign=campaign, by=by)
    campaign.refresh_from_db()
    return campaign


def _report(campaign: Campaign, unit: Unit, by: User) -> ResultReport:
    """Requested through the service; the caller's inline task backend renders the PDF at once."""
    report = analytics_services.report_start(result_set=campaign.result_set, unit=unit, by=by)
    report.refresh_from_db()
    assert report.file and report.job and report.job.status == JobStatus.DONE, (
        "the PDF was not rendered inline"
    )
    return report


def _report_like(source: ResultReport, unit: Unit, by: User) -> ResultReport:
    """Another finished report, with the same PDF (WeasyPrint takes seconds: render one, not two)."""
    job = Job.objects.create(
        organisation=source.result_set.campaign.organisation,
        owner=by,
        kind="results_report",
        label=f"Rapport PDF — {unit.name}",
        total=3,
        done=3,
        status=JobStatus.DONE,
    )
    report = ResultReport.objects.create(result_set=source.result_set, unit=unit, job=job)
    with source.file.open("rb") as pdf:
        report.file.save(f"{report.pk}.pdf", ContentFile(pdf.read()), save=True)
    return report


def build_survey_world(
    *, organisation: Organisation, root: Unit, school: Unit, other_school: Unit, users: dict[str, User]
) -> SurveyWorld:
    pilot, manager = users["programme_lead"], users["manager"]
    survey_services.questionnaire_install_templates(organisation=organisation)
    barometer = Questionnaire.objects.get(organisation=organisation, family="barometre-qvct")
    item = Item.objects.filter(questionnaire=barometer).order_by("position").first()
    assert item is not None

    draft = _campaign(organisation, barometer, [school], pilot, "Enquête des nouveaux arrivants", 0)
    open_campaign = _campaign(organisation, barometer, [root], pilot, "Baromètre 2026", 0)
    name_trustees(open_campaign, users=[pilot, users["staff_rep"]])
    survey_services.campaign_open(campaign=open_campaign, by=pilot)  # e-mails sent by the inline backend
    open_campaign.refresh_from_db()
    code = survey_services.paper_codes_create(campaign=open_campaign, unit=school, count=5)[0]

    closed = _campaign(organisation, barometer, [root], pilot, "Baromètre de printemps", 5)
    closed = _run(closed, pilot, school, "Plus de salles de réunion, demandez à Jean Dupont.", publish=False)
    comment = Comment.objects.get(campaign=closed, status=CommentStatus.PENDING)
    published = _campaign(organisation, barometer, [root], pilot, "Baromètre 2025", 10)
    published = _run(published, pilot, school, "Des pauses mieux organisées.", publish=True)

    school_report = _report(published, school, manager)

    def results(unit: Unit | None = None, **url_kwargs: Any) -> Target:
        return Target(organisation, published.pk, url_kwargs=url_kwargs, unit=unit)

    return SurveyWorld(
        questionnaire=barometer,
        item=Target(organisation, barometer.pk, url_kwargs={"item_pk": item.pk}),
        draft_campaign=draft,
        open_campaign=open_campaign,
        closed_campaign=closed,
        published_campaign=published,
        results_school=results(school),
        results_other_school=results(other_school),
        results_root=results(root),
        export=results(fmt="csv"),
        export_other_school=results(other_school, fmt="csv"),
        school_report=school_report,
        root_report=_report_like(school_report, root, pilot),
        pending_comment=Target(
            organisation,
            closed.pk,
            data={
                "comment": str(comment.pk),
                "decision": "publish",
                "moderated_text": "Plus de salles de réunion, demandez à [nom].",
            },
        ),
        bogus_code=Target(organisation, data={"code": BOGUS_CODE}),
        bogus_token=Target(organisation, json={"token": BOGUS_CODE, "answers": ANSWERS}),
        paper_code=Target(organisation, data={"code": code}),
        paper_token=Target(organisation, json={"token": code, "answers": ANSWERS}),
        bogus_key=Target(organisation, BOGUS_KEY, url_kwargs={"number": 1}),
    )
