"""The keys that sign ID tokens: generated here, kept sealed in the database (SigningKey),
rotated by `manage.py rotate_oidc_keys`.

Rotation adds a key that signs from then on; the one it replaces is retired but stays in
the JWKS for OIDC_KEY_RETENTION_DAYS, long enough for every token it signed to expire and
for relying parties to fetch the new key, then a later rotation deletes it."""

import json
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from jwcrypto import jwk

from motcua.signatures import keystore
from motcua.sso.models import SigningKey

KEY_SIZE = 3072


def active() -> SigningKey:
    key = SigningKey.objects.filter(retired_at__isnull=True).first()
    if key is None:
        raise ImproperlyConfigured("No key signs ID tokens yet: run `manage.py rotate_oidc_keys`.")
    return key


def published(now: datetime | None = None) -> list[SigningKey]:
    """The keys relying parties may verify with: the active one and those within retention."""
    cutoff = (now or timezone.now()) - retention()
    return list(SigningKey.objects.exclude(retired_at__lt=cutoff))


def retention() -> timedelta:
    return timedelta(days=settings.OIDC_KEY_RETENTION_DAYS)


@transaction.atomic
def rotate(now: datetime | None = None) -> tuple[SigningKey, int]:
    """Add a new active key, retire the previous one and delete those retired before the
    retention period. Returns the new key and how many were deleted."""
    now = now or timezone.now()
    SigningKey.objects.select_for_update().filter(retired_at__isnull=True).update(retired_at=now)
    deleted, _ = SigningKey.objects.filter(retired_at__lt=now - retention()).delete()
    return _create(now), deleted


@transaction.atomic
def ensure(now: datetime | None = None) -> SigningKey | None:
    """Create the first key when there is none; returns it, or None when a key existed."""
    if SigningKey.objects.select_for_update().filter(retired_at__isnull=True).exists():
        return None
    return _create(now or timezone.now())


def _create(now: datetime) -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    key = jwk.JWK.from_pem(pem)
    # The thumbprint is what django-oauth-toolkit puts in the ID token's header as kid.
    kid = key.thumbprint()
    public = {"alg": "RS256", "use": "sig", "kid": kid, **json.loads(key.export_public())}
    return SigningKey.objects.create(kid=kid, sealed_private_key=keystore.seal(pem), public_jwk=public, created_at=now)


def by_kid(kid: str, now: datetime | None = None) -> SigningKey | None:
    return next((key for key in published(now) if key.kid == kid), None)
