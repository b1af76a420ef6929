"""Shared bits of the import commands."""

from pathlib import Path

from django.core.management.base import CommandError, OutputWrapper

from organisations.models import Organisation
from organisations.people_import import ImportRejected


def organisation_by_slug(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"Organisation « {slug} » introuvable.")
    return organisation


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Impossible de lire {path} : {exc.strerror}") from exc


def reject(exc: ImportRejected, out: OutputWrapper) -> CommandError:
    """Print one line per problem, then the error that makes the command exit non-zero."""
    for line, message in exc.errors:
        out.write(f"Ligne {line} : {message}")
    return CommandError(f"Import refusé : {len(exc.errors)} erreur(s), rien n'a été importé.")
