"""In Chromium, a whole annual review on demo-like data: the programme lead opens the cycle (group, F3SCT
meeting, snapshot); a staff representative comments and records the FSU's vote; the lead records the group's
decision, generates the documents (the test waits on the progress bar, never on time) and closes the review.

Then the files: the PDF holds the progress table and the chart. The downloaded PDF is rendered to PNG with
pypdfium2 (PDFium, Chromium's PDF engine): a page shows the chart's bars (pixels of the chart's colour) and the
pages' text holds the progress table's heading and every action code; WeasyPrint's own layout of the same document
(``HTML.render()``: the boxes it drew on each page) must hold the progress table with every action code and a
drawn SVG chart of non-zero size. The ODT opens with odfpy and holds
every action code.
"""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from odf.opendocument import load as load_odf
from playwright.sync_api import Page, expect

from analytics.tests.test_results_browser import sign_in
from core.tests.test_browser_accessibility import serious_violations
from plans import services as plan_services
from reviews import documents
from reviews.models import ReviewCycle, ReviewDocument, ReviewStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_like_plan(organisation, programme_lead):
    plan = plan_services.plan_create(
        organisation=organisation,
        by=programme_lead,
        title="Plan académique QVT 2023-2027",
        first_school_year=2023,
        last_school_year=2026,
    )
    codes = {}
    for number, title, actions in (
        (
            1,
            "Des relations de travail inclusives et bienveillantes",
            ["Former à la relation à l'usager", "Accueillir les nouveaux arrivants"],
        ),
        (3, "Mieux reconnaître et valoriser", ["Mesurer la QVT par un baromètre annuel"]),
    ):
        axis = plan_services.axis_create(plan=plan, by=programme_lead, number=number, title=title)
        for n, action_title in enumerate(actions, start=1):
            action = plan_services.action_create(
                plan=plan, axis=axis, by=programme_lead, number=n, title=action_title
            )
            codes[action.code] = action
    plan_services.action_update_post(
        action=codes["1.1"],
        by=programme_lead,
        text="Premier module en ligne.",
        status="in_progress",
        progress=40,
    )
    plan_services.action_update_post(
        action=codes["3.1"], by=programme_lead, text="Baromètre 2025 publié.", status="done", progress=100
    )
    return plan


def _walk(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _walk(child)


def test_a_programme_lead_runs_a_whole_annual_review_with_a_staff_representative(
    live_server, page: Page, settings, tmp_path, organisation, demo_like_plan, programme_lead, staff_rep
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    today = timezone.localdate()
    # The programme lead opens the cycle, names the group, schedules the F3SCT debate and freezes the plan.
    sign_in(page, live_server, programme_lead)
    page.goto(live_server.url + reverse("reviews:index"))
    page.get_by_role("link", name="Ouvrir un cycle de bilan annuel").click()
    page.get_by_label("Plan d'action").select_option(label=demo_like_plan.title)
    page.get_by_label("Année scolaire").fill("2025")
    page.get_by_label("Intitulé").fill("Bilan annuel 2025-2026")
    page.get_by_label("Ouverture de la consultation").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Clôture de la consultation").fill((today + datetime.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Ouvrir le cycle").click()
    expect(page.get_by_text("Le cycle de bilan est ouvert.")).to_be_visible()
    review = ReviewCycle.objects.get()

    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_label("Personne (adresse e-mail)").fill(staff_rep.email)
    page.get_by_label("Instance").fill("CSA")
    page.get_by_label("Organisation syndicale (facultatif)").fill("FSU")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("Membre ajouté au groupe de travail.")).to_be_visible()

    page.get_by_role("link", name="Ajouter une réunion").click()
    page.get_by_label("Type de réunion").select_option(label="Séance de la F3SCT")
    page.get_by_label("Intitulé").fill("Débat sur la QVT")
    page.get_by_label("Date").fill("2026-12-15")
    page.get_by_label("Heure de début (heure de Paris)").fill("14:00")
    page.get_by_label("Heure de fin (heure de Paris)").fill("17:00")
    page.get_by_label("Lieu").fill("Rectorat, salle du conseil")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("cell", name="15/12/2026 14:00 – 17:00")).to_be_visible()
    page.get_by_role("button", name="Figer l'état du plan").click()
    expect(page.get_by_text("L'état du plan est figé à ce jour.")).to_be_visible()
    expect(page.get_by_role("table", name="Avancement des actions")).to_contain_text(
        "Former à la relation à l'usager"
    )

    # The staff representative comments on action 1.1 and records the FSU's vote.
    page.context.clear_cookies()
    sign_in(page, live_server, staff_rep)
    page.goto(live_server.url + reverse("reviews:detail", args=[review.pk]))
    page.get_by_label("Sur quoi porte votre commentaire ?").select_option(
        label="1.1 Former à la relation à l'usager"
    )
    page.get_by_role("textbox", name="Commentaire").fill("Ouvrir la formation aux AED et aux AESH.")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Votre commentaire est enregistré.")).to_be_visible()
    page.get_by_role("link", name="Enregistrer l'avis de mon organisation syndicale").click()
    assert not serious_violations(page), "the vote form (axe-core)"
    page.get_by_text("Pour", exact=True).click()
    page.get_by_label("Déclaration").fill("La FSU vote pour : les actions avancent, le groupe a été associé.")
    page.get_by_role("button", name="Enregistrer l'avis").click()
    expect(page.get_by_role("heading", name="FSU : Pour")).to_be_visible()

    # The programme lead records the decision, generates the documents and closes the review.
    page.context.clear_cookies()
    sign_in(page, live_server, programme_lead)
    page.goto(live_server.url + reverse("reviews:detail", args=[review.pk]))
    page.get_by_role("link", name="Enregistrer une décision").click()
    page.get_by_label("Décision").fill("Ouvrir le module aux AED et aux AESH dès la rentrée.")
    page.locator("label", has_text="1.1 Former à la relation à l'usager").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée.")).to_be_visible()
    page.get_by_role("button", name="Générer les documents").click()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    page.get_by_role("link", name="Voir le résultat").click()
    pdf = ReviewDocument.objects.get(review=review, format="pdf")
    expect(page.get_by_text(pdf.sha256)).to_be_visible()
    page.get_by_role("link", name="Clore le bilan").click()
    expect(page.get_by_text("Cette étape ne peut pas être annulée.")).to_be_visible()
    page.get_by_role("button", name="Confirmer la clôture du bilan").click()
    expect(page.get_by_text("Le bilan est clos : ses documents ne changeront plus.")).to_be_visible()
    expect(page.get_by_role("button", name="Générer les documents")).to_have_count(0)
    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED
    assert not serious_violations(page), "the review page with its chart and tables (axe-core)"

    # The files, as downloaded through the permission-checked link.
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf_bytes = open(pdf_download.value.path(), "rb").read()  # noqa: SIM115
    assert pdf_bytes.startswith(b"%PDF-") and b"%%EOF" in pdf_bytes[-1024:]
    assert hashlib.sha256(pdf_bytes).hexdigest() == pdf.sha256
    bar_pixels, pdf_text = _render_pdf(pdf_bytes, tmp_path)
    assert max(bar_pixels) > 500, "a page rendered to PNG shows the chart's bars"
    assert "Avancement des actions" in pdf_text
    for code in ("1.1", "1.2", "3.1"):
        assert code in pdf_text
    with page.expect_download() as odt_download:
        page.get_by_role("link", name="Télécharger le ODT").click()
    odt_text = str(load_odf(io.BytesIO(open(odt_download.value.path(), "rb").read())).text)  # noqa: SIM115
    for code in ("1.1", "1.2", "3.1"):
        assert code in odt_text
    assert "Ouvrir la formation aux AED et aux AESH." in odt_text and "FSU" in odt_text

    from weasyprint import HTML

    layout = HTML(
        string=render_to_string("reviews/document_pdf.html", documents.context_for(review))
    ).render()
    boxes = [box for p in layout.pages for box in _walk(p._page_box)]
    tables = [
        b
        for b in boxes
        if (getattr(b, "element_tag", None) or "") == "table"
        and "progress-table" in (b.element.get("class") or "")
    ]
    assert tables, "the progress table is laid out on a page"
    drawn_text = " ".join(getattr(b, "text", "") for b in _walk(tables[0]))
    for code in ("1.1", "1.2", "3.1"):
        assert code in drawn_text
    charts = [b for b in boxes if (getattr(b, "element_tag", None) or "").endswith("svg")]
    assert charts and charts[0].width > 0 and charts[0].height > 0, "the SVG chart is drawn with a size"


def _render_pdf(pdf_bytes: bytes, folder) -> tuple[list[int], str]:
    """Each page rendered to a PNG file (150 dpi), then read back: the number of pixels of the chart's colour
    (#000091, the DSFR blue of the bars) on each page, and the text of every page."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(pdf_bytes)
    counts, texts = [], []
    for index in range(len(document)):
        pdf_page = document[index]
        png = folder / f"page-{index + 1}.png"
        pdf_page.render(scale=150 / 72).to_pil().save(png)
        pixels = Image.open(png).convert("RGB").getdata()
        counts.append(sum(1 for r, g, b in pixels if r < 30 and g < 30 and 110 < b < 170))
        texts.append(pdf_page.get_textpage().get_text_range())
    return counts, " ".join(texts)
