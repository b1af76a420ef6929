"""The project's URLs plus views that fail on purpose, for the error page tests (same handlers as config.urls)."""

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 - read by Django
from config.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("une panne")


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest("requête illisible")


urlpatterns = [*project_urlpatterns, path("essai/panne/", broken), path("essai/requete/", bad)]
