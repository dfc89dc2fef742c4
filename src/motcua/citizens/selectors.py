"""Reads for the applicant's own pages: their dossiers, what each one's history shows to
the public, and what the agency asked them to supplement."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from motcua.accounts import permissions
from motcua.accounts.models import PersonalDataAccess
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument, DossierEvent, State

# What each state means for the person waiting, in their words rather than the office's.
# Papers the applicant may see and download: their own and the signed result, never drafts.
PUBLIC_DOCUMENTS = (DocumentKind.APPLICANT, DocumentKind.FINAL_RESULT)


def looked_up_me(user) -> QuerySet:
    """Every recorded read of the person's details by the identifier their account has
    *verified*: an unverified claim could be someone else's number, whose history is not theirs."""
    identifier = user.verified_identifier if user.is_authenticated and user.is_applicant else ""
    if not identifier:
        return PersonalDataAccess.objects.none()
    return PersonalDataAccess.objects.filter(subject=identifier).select_related("agency", "procedure", "dossier__procedure_version")


def my_dossiers(user) -> QuerySet:
    """The applicant's own dossiers: filed online from the account, or received on paper under
    the number it has verified (the permission rule decides; an official's agency dossiers
    are not "mine")."""
    applicant = user.is_authenticated and user.is_applicant
    return permissions.visible_dossiers(user, Dossier.objects.all() if applicant else Dossier.objects.none()).select_related(
        "procedure_version", "current_agency", "receiving_agency"
    )


def my_dossier(user, code: str) -> Dossier:
    """One of the user's dossiers, or 404 – a code that is someone else's looks like one
    that does not exist."""
    return get_object_or_404(my_dossiers(user).select_related("current_step"), code=code)


@dataclass(frozen=True)
class SupplementRequest:
    items: list[str]
    reason: str
    at: datetime


def open_supplement_request(dossier: Dossier) -> SupplementRequest | None:
    """What the agency asks for, while the dossier waits for it."""
    if dossier.state != State.SUPPLEMENT_REQUESTED:
        return None
    event: DossierEvent | None = dossier.events.filter(action="request_supplement").order_by("-sequence").first()
    if event is None:
        return None
    return SupplementRequest(items=list(event.data.get("items", [])), reason=event.note, at=event.at)


def public_documents(dossier: Dossier) -> QuerySet:
    return dossier.documents.filter(kind__in=PUBLIC_DOCUMENTS)


def downloadable_document(user, code: str, document_id: int) -> DossierDocument:
    return get_object_or_404(public_documents(my_dossier(user, code)).exclude(file=""), pk=document_id)
