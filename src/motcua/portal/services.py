"""Writes made from the portal."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, State
from motcua.portal.models import Rating


def rating_of(dossier: Dossier) -> Rating | None:
    """The dossier's rating, read with it where the query selected it (lookup.find does)."""
    try:
        return dossier.rating
    except Rating.DoesNotExist:
        return None


def rating_refusal(dossier: Dossier) -> str | None:
    if dossier.state != State.RETURNED:
        return _("Hồ sơ chỉ được đánh giá sau khi đã trả kết quả.")
    if rating_of(dossier) is not None:
        return _("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.")
    return None


def rate(*, dossier: Dossier, level: str, comment: str = "", rater=None) -> Rating:
    """Record the applicant's one rating of a returned dossier. Who may rate is the caller's
    check (the owner, or whoever gave the code and the second factor)."""
    if level not in Rating.Level.values:
        raise ValidationError(_("Mức độ hài lòng không hợp lệ."))
    refusal = rating_refusal(dossier)
    if refusal:
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier,
                level=level,
                comment=(comment or "").strip()[:2000],
                at=timezone.now(),
                rater=rater if rater is not None and rater.is_authenticated else None,
            )
    except IntegrityError:  # two submissions at once: the one-to-one keeps the first
        raise ValidationError(_("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần."))
