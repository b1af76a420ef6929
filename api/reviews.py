"""The annual reviews in the API: an organisation's reviews with their documents, and each document's download.

Readable by the same people as the review pages (``reviews.perms.can_read_review``): staff representatives,
the working group's members, programme leads and administrators of the organisation. Anything else is 404.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Path, Router, Schema

from api.schemas import ErrorOut, ValidationErrorOut
from reviews import perms as review_perms
from reviews import selectors as review_selectors

router = Router(tags=["reviews"])


class ReviewDocumentOut(Schema):
    id: uuid.UUID
    version: int
    format: str
    sha256: str = Field(description="Empreinte SHA-256 du fichier, affichée sur la page du bilan.")
    size: int
    created_at: datetime.datetime
    download_url: str = Field(description="Téléchargement (mêmes droits que le bilan : jeton ou session).")

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return reverse("api:review_document", kwargs={"id": obj.pk})


class ReviewOut(Schema):
    id: int
    title: str
    school_year: int = Field(description="Année de la rentrée : 2025 pour 2025-2026.")
    status: str = Field(description="« open » ou « closed » (clos : plus rien ne change).")
    plan_id: int
    consultation_opens_on: datetime.date
    consultation_closes_on: datetime.date
    snapshot_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    documents: list[ReviewDocumentOut]

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())


SLUG = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="Identifiant de l'organisation.")


@router.get(
    "/organisations/{slug}/reviews/",
    response={200: list[ReviewOut], 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Bilans annuels d'une organisation, avec leurs documents",
)
def review_list(request: HttpRequest, slug: str = SLUG) -> Any:
    """For the organisation's staff representatives, working-group members, programme leads and administrators."""
    found = review_selectors.reviews_of_organisation(request.auth, slug)  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return list(found[1])


@router.get(
    "/review-documents/{id}/",
    response={200: bytes, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Télécharger un document de bilan",
    openapi_extra={"responses": {"200": {"description": "Le fichier (PDF, ODT, ODS ou XLSX)."}}},
)
def review_document(request: HttpRequest, id: uuid.UUID) -> Any:  # noqa: A002
    document = review_perms.document_for(request.auth, id)  # type: ignore[attr-defined]
    if document is None:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
