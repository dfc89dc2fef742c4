"""Looking a person up in the population database, for a purpose, and recording it.

Every call writes one accounts.PersonalDataAccess row (source: the population database),
whatever the answer, so that the person's "Lịch sử khai thác dữ liệu" and the auditor see
every look-up, including those that found nothing or failed."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import PersonalDataAccess, User
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.population.connectors import base
from motcua.population.connectors.base import LookupFailed, LookupRequest, Person


@dataclass(frozen=True)
class Lookup:
    """What a look-up gave: the person, or why not (a message to show; the data can still be typed)."""

    person: Person | None
    message: str = ""
    access_id: int | None = None

    @property
    def found(self) -> bool:
        return self.person is not None


def is_enabled() -> bool:
    return base.active() is not None


def look_up(
    *, actor: User, national_id: str, purpose: str, agency: Agency | None, procedure: Procedure, dossier: Dossier | None = None
) -> Lookup:
    """Ask the population database for the person with `national_id`, on behalf of `actor`
    (an official, or the citizen themself filing online), for `procedure`; record it."""
    connector = base.active()
    if connector is None:
        return Lookup(None, _("Chưa kết nối CSDL quốc gia về dân cư: vui lòng nhập thông tin."))
    request = LookupRequest(
        national_id=national_id,
        purpose=purpose,
        agency_code=agency.code if agency else "",
        official=actor.username if actor.is_official else "",
        procedure_code=procedure.code,
    )
    try:
        person = connector.look_up(request)
    except LookupFailed as failure:
        found, lookup = failure.reason, Lookup(None, _("%(why)s Vui lòng nhập thông tin.") % {"why": failure.message})
    else:
        found = "person" if person else "not_found"
        lookup = Lookup(person, "" if person else _("CSDL quốc gia về dân cư không có công dân mang số định danh %(id)s: vui lòng kiểm tra lại số hoặc nhập thông tin.") % {"id": national_id})
    access = PersonalDataAccess.objects.create(
        official=actor if actor.is_official else None,
        agency=agency,
        subject=national_id,
        purpose=purpose,
        found=found,
        source=PersonalDataAccess.Source.POPULATION,
        procedure=procedure,
        dossier=dossier,
        at=timezone.now(),
    )
    return Lookup(lookup.person, lookup.message, access.pk)


def prefill_for_filing(*, user: User, procedure: Procedure, agency: Agency | None) -> dict | None:
    """What a citizen starting a dossier online gets from the population database, as kept in
    the draft: the record's facts (or why there are none) and the look-up's id. Only for a
    national ID the account has *verified*: an unverified claim could be anyone's number."""
    if user.kind != User.Kind.CITIZEN or not user.verified_identifier or not is_enabled():
        return None
    lookup = look_up(
        actor=user, national_id=user.verified_identifier, purpose=PersonalDataAccess.Purpose.ONLINE_FILING, agency=agency,
        procedure=procedure,
    )
    person = lookup.person
    return {
        "access": lookup.access_id,
        "message": lookup.message,
        "person": None if person is None else {
            "full_name": person.full_name, "date_of_birth": person.date_of_birth.isoformat(), "sex": person.sex,
            "permanent_address": person.permanent_address,
        },
    }


def kept_person(prefill: dict | None) -> Person | None:
    """The Person a draft keeps from prefill_for_filing, for showing it again."""
    record = (prefill or {}).get("person")
    if not record:
        return None
    return Person(
        national_id="", full_name=record["full_name"], date_of_birth=date.fromisoformat(record["date_of_birth"]),
        sex=record["sex"], permanent_address=record["permanent_address"],
    )


def attach_dossier(*, actor: User, access_ids: list[int], dossier: Dossier) -> None:
    """The dossier a look-up was made for, once it exists. The ids come back from a form or a
    draft: only `actor`'s own look-ups of this applicant for this procedure, not yet attached."""
    if not access_ids:
        return
    PersonalDataAccess.objects.filter(
        pk__in=access_ids,
        official=actor if actor.is_official else None,
        subject=dossier.applicant_id_number,
        procedure=dossier.procedure_version.procedure_id,
        source=PersonalDataAccess.Source.POPULATION,
        dossier__isnull=True,
    ).update(dossier=dossier)
