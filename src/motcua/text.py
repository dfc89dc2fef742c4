"""Text helpers shared by the apps (pure Python)."""

import hmac
import unicodedata


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics and with single spaces, so that "tran thi lan",
    "TRẦN THỊ LAN" and "Trần  Thị Lan" compare equal. đ is a letter of its own in Unicode
    (it does not decompose), so it is mapped by hand."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def unaccent(text: str) -> str:
    """Vietnamese without diacritics, case kept: "Hồ sơ Đã" → "Ho so Da" (SMS without Unicode)."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def vnd(amount) -> str:
    """50000 → "50.000 đ": đồng grouped by dots, whatever the interface language (Django's
    vi locale does not group thousands). Anything that is not a whole number gives ""."""
    try:
        return f"{int(amount):,} đ".replace(",", ".")
    except (TypeError, ValueError):
        return ""


def same_secret(given: str, expected: str) -> bool:
    """Whether `given` (from a request: any text at all) equals `expected`, in constant time.
    hmac.compare_digest raises TypeError on text holding anything but ASCII; compared as
    UTF-8 bytes, such text is merely different."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def is_number(text: str) -> bool:
    """Whether `text` is a whole number written in the digits 0-9. str.isdigit() also takes
    "²" and "٣", which no form of ours asks for and int() may refuse."""
    return text.isascii() and text.isdigit()
