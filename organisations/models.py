import datetime
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import tree

if TYPE_CHECKING:
    from core.models import Job


class OrganisationKind(models.TextChoices):
    EDUCATION = "education", _("Académie / autorité éducative")
    HOSPITAL = "hospital", _("Établissement de santé")
    MINISTRY = "ministry", _("Ministère")
    AGENCY = "agency", _("Agence régionale")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
    OTHER = "other", _("Autre")


DEFAULT_AGE_BANDS = "<30|30-39|40-49|50-59|60+"


class Organisation(models.Model):
    """A tenant: an employer running its QVT programme on Qualivie."""

    slug = models.SlugField(_("identifiant court"), unique=True, max_length=60)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices, default="other")
    is_state_service = models.BooleanField(
        _("service de l'État"),
        default=False,
        help_text=_("Seuls les services de l'État affichent le bloc-marque Marianne."),
    )
    brand_lines = models.CharField(
        _("intitulé officiel (bloc-marque)"),
        max_length=200,
        blank=True,
        help_text=_("Lignes du bloc-marque, séparées par « | », par ex. « Académie | de Besançon »."),
    )
    # Legal pages (per organisation)
    publisher = models.TextField(_("éditeur du site"), blank=True)
    publication_director = models.CharField(_("directeur·rice de la publication"), max_length=200, blank=True)
    host = models.TextField(_("hébergeur"), blank=True, default="")
    dpo_contact = models.CharField(
        _("contact du délégué à la protection des données"), max_length=200, blank=True
    )
    privacy_contact = models.CharField(_("contact pour exercer vos droits"), max_length=200, blank=True)
    retention_people_months = models.PositiveSmallIntegerField(
        _("durée de conservation des comptes après départ (mois)"), default=12
    )
    accessibility_status = models.CharField(
        _("état de conformité RGAA"),
        max_length=20,
        choices=[
            ("non", _("non conforme")),
            ("partial", _("partiellement conforme")),
            ("full", _("totalement conforme")),
        ],
        default="partial",
    )
    accessibility_contact = models.CharField(_("contact accessibilité"), max_length=200, blank=True)
    age_bands = models.CharField(
        _("tranches d'âge"),
        max_length=200,
        blank=True,
        default=DEFAULT_AGE_BANDS,
        help_text=_(
            "Valeurs admises dans l'import des agents, séparées par « | ». Vide : toute valeur est admise."
        ),
    )
    stale_update_days = models.PositiveSmallIntegerField(
        _("délai sans point d'avancement (jours)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_(
            "Le tableau de bord signale les actions en cours sans point d'avancement depuis ce nombre de jours."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def age_band_list(self) -> list[str]:
        return [band.strip() for band in self.age_bands.split("|") if band.strip()]

    @property
    def brand_line_list(self) -> list[str]:
        return [line.strip() for line in self.brand_lines.split("|") if line.strip()] or [self.name]


class Network(models.Model):
    """Organisations that chose to share practices and events (e.g. a regional health agency's network).

    Its members are ``practices.NetworkMembership`` rows (the one source of truth: stories, map, peers, events)."""

    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet["Unit"]):
    def for_organisation(self, organisation: Organisation) -> "UnitQuerySet":
        return self.filter(organisation=organisation)

    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(tree.in_subtrees([unit.path]), organisation_id=unit.organisation_id)


class Unit(models.Model):
    """A node of an organisation's tree (rectorat → DSDEN → schools and services)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    unit_type = models.CharField(_("type"), max_length=60, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    departement = models.CharField(_("département"), max_length=60, blank=True)
    region = models.CharField(_("région"), max_length=60, blank=True)
    # Materialised path of primary keys, "/1/7/42/", kept by organisations.services; makes subtree queries one index scan.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unité")
        verbose_name_plural = _("unités")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unique_unit_code")]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "Unit") -> bool:
        return tree.is_within(self.path, other.path)


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> "PersonQuerySet":
        return self.filter(is_active=True)

    def for_organisation(self, organisation: Organisation) -> "PersonQuerySet":
        return self.filter(organisation=organisation)

    def in_subtree(self, unit: Unit) -> "PersonQuerySet":
        return self.filter(tree.in_subtrees([unit.path], "unit__path"), organisation_id=unit.organisation_id)


class Gender(models.TextChoices):
    WOMAN = "F", _("Femme")
    MAN = "M", _("Homme")
    OTHER = "X", _("Autre / non renseigné")


class EmploymentStatus(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    CONTRACTUEL = "contractuel", _("Contractuel·le")


class Person(models.Model):
    """A staff member as known from the employer's HR export. People who leave are deactivated, never deleted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    hr_id = models.CharField(_("identifiant RH"), max_length=60)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unité"))
    other_units = models.ManyToManyField(
        Unit, blank=True, related_name="secondary_people", verbose_name=_("autres unités")
    )
    job_family = models.CharField(_("métier"), max_length=100, blank=True)
    category = models.CharField(_("catégorie"), max_length=20, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=EmploymentStatus.choices, blank=True)
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("tranche d'âge"), max_length=20, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    deactivated_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "hr_id"], name="unique_person_hr_id")]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.hr_id


def private_storage() -> FileSystemStorage:
    """Uploaded HR files: under MEDIA_ROOT/private, never served (no URL), deleted after use."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


def _import_upload_to(instance: "PeopleImport", filename: str) -> str:
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/{instance.organisation_id}/{uuid.uuid4().hex}{suffix}"


CONFIRM_SHARE = 0.10  # deactivating more than 10 % of the declared scope…
CONFIRM_MAX = 20  # …or more than 20 people (whichever is smaller) needs an explicit confirmation


def needs_confirmation(*, deactivated: int, scope_size: int) -> bool:
    """Whether deactivating ``deactivated`` of the ``scope_size`` active people of a scope must be confirmed."""
    return deactivated > min(scope_size * CONFIRM_SHARE, CONFIRM_MAX)


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Vérification en cours")
    INVALID = "invalid", _("Fichier refusé")
    READY = "ready", _("Prêt à appliquer")
    APPLYING = "applying", _("Import en cours")
    APPLIED = "applied", _("Importé")
    FAILED = "failed", _("Échec")
    UNDONE = "undone", _("Annulé")


UNDO_DAYS = 30  # an applied import can be undone for this many days


class PeopleImportQuerySet(models.QuerySet["PeopleImport"]):
    def for_organisation(self, organisation: Organisation) -> "PeopleImportQuerySet":
        return self.filter(organisation=organisation)


class PeopleImport(models.Model):
    """One upload of an HR export: checked in the background, previewed, then applied on request."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people_imports")
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("déposé par")
    )
    file = models.FileField(_("fichier"), upload_to=_import_upload_to, storage=private_storage, blank=True)
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    scope = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("périmètre"),
        help_text=_("Vide : toute l'organisation."),
    )
    dry_run = models.BooleanField(_("simulation seulement"), default=False)
    status = models.CharField(
        _("état"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    validation_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    apply_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)
    # What undoing needs (previous values of updated people, ids of created and deactivated people and
    # accounts), written when applying and erased after UNDO_DAYS.
    undo_data = models.JSONField(_("données d'annulation"), default=dict, blank=True, editable=False)
    undone_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulé par"),
    )

    objects = PeopleImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import d'agents")
        verbose_name_plural = _("imports d'agents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name or f"Import {self.pk}"

    @property
    def undo_deadline(self) -> "datetime.datetime | None":
        return self.applied_at + datetime.timedelta(days=UNDO_DAYS) if self.applied_at else None

    @property
    def can_undo(self) -> bool:
        """Applied, with what undo needs, less than UNDO_DAYS ago (a later import may still prevent it)."""
        deadline = self.undo_deadline
        return (
            self.status == ImportStatus.APPLIED
            and bool(self.undo_data)
            and deadline is not None
            and timezone.now() < deadline
        )

    @property
    def deactivations_to_confirm(self) -> int:
        """How many deactivations the person applying must confirm (0: no confirmation needed)."""
        report = self.report or {}
        deactivated = int((report.get("counts") or {}).get("deactivated", 0))
        if needs_confirmation(deactivated=deactivated, scope_size=int(report.get("scope_size", 0))):
            return deactivated
        return 0

    @property
    def job(self) -> "Job | None":
        """The job to show: applying once asked to, else checking."""
        return (
            self.apply_job
            if self.status in {ImportStatus.APPLYING, ImportStatus.APPLIED}
            else self.validation_job
        )
