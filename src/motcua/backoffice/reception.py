"""What the reception desk needs besides the dossier engine: finding a procedure by a few
letters, finding an applicant by ID number (scoped, limited and recorded), previewing the promised return time, and
checking a scanned paper before it is attached."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import permissions
from motcua.accounts.models import ID_NUMBER, PersonalDataAccess, Role, User, verified_owner
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.population import services as population
from motcua.text import fold
from motcua.workdays.selectors import working_calendar

SUGGESTIONS = 10


def reception_agencies(user: User) -> QuerySet:
    """The active agencies where `user` receives dossiers at the counter."""
    return Agency.objects.filter(pk__in=permissions.agency_ids(user, Role.RECEPTION), is_active=True).order_by("name")


def procedures_at(agency: Agency) -> QuerySet:
    """The published procedure versions `agency` carries out."""
    return (
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED, agencies=agency)
        .select_related("procedure", "field")
        .order_by("procedure__code")
    )


def search_procedures(agency: Agency, query: str, limit: int = SUGGESTIONS) -> list[ProcedureVersion]:
    """Procedures of `agency` whose code or name holds every word typed, accents optional;
    codes starting with the query come first."""
    words = fold(query).split()
    if not words:
        return []
    # Accent folding is done in Python: SQLite cannot, and an agency carries out at most a
    # few thousand procedures.
    found = []
    for version in procedures_at(agency):
        haystack = fold(f"{version.procedure.code} {version.name}")
        if all(word in haystack for word in words):
            found.append(version)
    found.sort(key=lambda version: not version.procedure.code.startswith(words[0]))
    return found[:limit]


@dataclass(frozen=True)
class KnownApplicant:
    name: str
    address: str
    phone: str
    email: str
    source: str  # "account" or "dossier": where the details were found

    def fill(self, values: dict) -> None:
        """Put the known details into the fields left empty; what the officer typed stays
        (a new phone number, a corrected address)."""
        known = {"applicant_name": self.name, "applicant_address": self.address, "applicant_phone": self.phone, "applicant_email": self.email}
        for field, value in known.items():
            if not str(values.get(field) or "").strip():
                values[field] = value


class TooManyLookups(Exception):
    """The officer has looked up APPLICANT_LOOKUPS_PER_HOUR applicants within the last hour."""


def look_up_applicant(*, officer: User, agency: Agency | None, id_number: str, at: datetime | None = None) -> KnownApplicant | None:
    """Details of the applicant with this ID number or tax code, so that nobody gives them
    twice: from the account that has *verified* the number (anywhere in the province), or
    else from their latest dossier received by one of the officer's desks (record_access)."""
    id_number = (id_number or "").strip()
    if not ID_NUMBER.fullmatch(id_number):
        return None
    if not may_look_up(officer, at):
        raise TooManyLookups
    known = _known_applicant(officer, id_number)
    record_access(
        officer=officer, agency=agency, subject=id_number, purpose=PersonalDataAccess.Purpose.COUNTER_RECEIPT,
        found=known.source if known else "", at=at,
    )
    return known


def look_up_population(*, officer: User, agency: Agency, version: ProcedureVersion, id_number: str) -> population.Lookup:
    """The applicant as the national population database knows them, for the procedure being
    received (the purpose the database and the person are told). Counts towards the officer's
    hourly limit like any look-up of a person; recorded by the population app."""
    id_number = (id_number or "").strip()
    if not re.fullmatch(r"[0-9]{12}", id_number):
        return population.Lookup(None, _("CSDL quốc gia về dân cư chỉ tra được theo số định danh cá nhân (12 chữ số)."))
    if not may_look_up(officer):
        raise TooManyLookups
    return population.look_up(
        actor=officer, national_id=id_number, purpose=PersonalDataAccess.Purpose.COUNTER_RECEIPT, agency=agency,
        procedure=version.procedure,
    )


def may_look_up(officer: User, at: datetime | None = None) -> bool:
    """Whether the officer has made fewer than APPLICANT_LOOKUPS_PER_HOUR look-ups of people
    within the last hour: the desk is not a directory of the province's residents."""
    since = (at or timezone.now()) - timedelta(hours=1)
    return PersonalDataAccess.objects.filter(official=officer, at__gte=since).count() < settings.APPLICANT_LOOKUPS_PER_HOUR


def record_access(*, officer: User, agency: Agency | None, subject: str, purpose: str, found: str, at: datetime | None = None) -> None:
    """Every read of a person's details by their identifier, for the auditor (who, whom, when, why)."""
    PersonalDataAccess.objects.create(
        official=officer, agency=agency, subject=subject, purpose=purpose, found=found[:100], at=at or timezone.now()
    )


def _known_applicant(officer: User, id_number: str) -> KnownApplicant | None:
    account = verified_owner(id_number)
    if account is not None:
        return KnownApplicant(str(account), account.address, account.phone, account.email, "account")
    desks = permissions.agency_ids(officer, Role.RECEPTION)
    latest = (
        Dossier.objects.filter(applicant_id_number=id_number, receiving_agency__in=desks)
        .order_by("-submitted_at", "-pk")
        .only("applicant_name", "applicant_address", "applicant_phone", "applicant_email")
        .first()
    )
    if latest is not None:
        return KnownApplicant(
            latest.applicant_name, latest.applicant_address, latest.applicant_phone, latest.applicant_email, "dossier"
        )
    return None


def promised_return(version: ProcedureVersion, received_at: datetime) -> datetime:
    """The return time a dossier received now would be promised, counted the way the
    lifecycle counts it at receipt (dossiers.lifecycle.start_clock)."""
    calendar = working_calendar()
    start = calendar.start_of_count(received_at)
    if version.time_unit == ProcedureVersion.TimeUnit.WORKING_DAYS:
        return calendar.add_working_days(start, Decimal(version.legal_time))
    return calendar.add_calendar_days(start, Decimal(version.legal_time))


