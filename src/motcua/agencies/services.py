"""Writes to the agency tree. Each keeps its history in AgencyChange, in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, AgencyChange, Division
from motcua.agencies.signals import agency_merged


def _snapshot(agency: Agency) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "parent": agency.parent.code if agency.parent_id else None,
    }


@transaction.atomic
def create_agency(*, code: str, name: str, short_name: str, level: str, parent: Agency | None = None, actor=None, **extra) -> Agency:
    agency = Agency(code=code, name=name, short_name=short_name, level=level, parent=parent, **extra)
    agency.full_clean()
    agency.save()
    Division.objects.create(agency=agency, code="mot-cua", name=_("Bộ phận Một cửa"), is_one_stop_desk=True)
    AgencyChange.objects.create(agency=agency, kind=AgencyChange.Kind.CREATED, by=actor, after=_snapshot(agency))
    return agency


@transaction.atomic
def rename_agency(*, agency: Agency, name: str, short_name: str | None = None, code: str | None = None, actor=None, note: str = "") -> Agency:
    """Dossier codes already issued keep the old identity code: codes are never rewritten."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = _snapshot(agency)
    agency.name = name
    agency.short_name = short_name or agency.short_name
    agency.code = code or agency.code
    agency.full_clean()
    agency.save()
    AgencyChange.objects.create(
        agency=agency, kind=AgencyChange.Kind.RENAMED, by=actor, before=before, after=_snapshot(agency), note=note
    )
    return agency


@transaction.atomic
def move_agency(*, agency: Agency, parent: Agency | None, actor=None, note: str = "") -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if parent is not None and parent.pk in {a.pk for a in agency.descendants(include_self=True)}:
        raise ValidationError(_("Không thể chuyển cơ quan về dưới chính nó hoặc đơn vị cấp dưới của nó."))
    before = _snapshot(agency)
    agency.parent = parent
    agency.save(update_fields=["parent"])
    AgencyChange.objects.create(
        agency=agency, kind=AgencyChange.Kind.MOVED, by=actor, before=before, after=_snapshot(agency), note=note
    )
    return agency


@transaction.atomic
def merge_agency(*, source: Agency, target: Agency, actor=None, note: str = "") -> Agency:
    """Merge `source` into `target` (sáp nhập): the source stays, inactive, with its history.

    Its sub-units move under the target; staff roles, procedures and open dossiers move
    with the `agency_merged` signal, in this same transaction.
    """
    source = Agency.objects.select_for_update().get(pk=source.pk)
    target = Agency.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError(_("Không thể sáp nhập một cơ quan vào chính nó."))
    if not source.is_active or not target.is_active:
        raise ValidationError(_("Chỉ sáp nhập được giữa hai cơ quan đang hoạt động."))
    if target.pk in {a.pk for a in source.descendants()}:
        raise ValidationError(_("Không thể sáp nhập cơ quan vào đơn vị cấp dưới của nó."))
    source.children.exclude(pk=target.pk).update(parent=target)
    taken = set(target.divisions.values_list("code", flat=True))
    for division in source.divisions.filter(is_one_stop_desk=False):
        if division.code in taken:
            division.code = f"{slugify(source.short_name)}-{division.code}"[:40]
        division.agency = target
        division.save(update_fields=["agency", "code"])
    source.is_active = False
    source.merged_into = target
    source.save(update_fields=["is_active", "merged_into"])
    AgencyChange.objects.create(
        agency=source, kind=AgencyChange.Kind.MERGED, by=actor, after={"merged_into": target.code}, note=note
    )
    AgencyChange.objects.create(
        agency=target, kind=AgencyChange.Kind.ABSORBED, by=actor, after={"absorbed": source.code}, note=note
    )
    agency_merged.send(sender=Agency, source=source, target=target, actor=actor)
    return target
