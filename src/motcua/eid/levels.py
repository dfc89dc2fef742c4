"""The assurance levels of the national e-ID, lowest first, as the provider names them in
`acr` (the values are agreed when the province registers MotCua with the provider)."""

from django.utils.translation import gettext_lazy as _

LEVEL_1 = "urn:vneid:loa:1"
LEVEL_2 = "urn:vneid:loa:2"
LEVELS = [LEVEL_1, LEVEL_2]
CHOICES = [(LEVEL_1, _("VNeID mức 1")), (LEVEL_2, _("VNeID mức 2"))]


def rank(level: str) -> int:
    """0 for a level MotCua does not know (or none): it satisfies no requirement."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def satisfies(reached: str, required: str) -> bool:
    return not required or rank(reached) >= rank(required)


def label(level: str) -> str:
    return str(dict(CHOICES).get(level, level))
