"""The relying party's side of the national e-ID's OpenID Connect: Authlib's Django client
(authorization code with PKCE, state and nonce kept in the session, the ID token checked
against the provider's published keys: signature, issuer, audience, expiry, nonce, at_hash)
and the check of the provider's back-channel logout tokens. The provider is a setting
(EID_ISSUER, discovered at /.well-known/openid-configuration); empty turns the feature off.
"""

import functools
import time
from urllib.parse import urlsplit

from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc import jwt
from joserfc.errors import InvalidClaimError, MissingClaimError
from joserfc.jwk import KeySet

NAME = "vneid"
# The claims MotCua reads. The national ID and tax code claims are the provider's own names,
# agreed when the province registers; the others are standard OpenID Connect claims.
NATIONAL_ID_CLAIM = "so_dinh_danh"
TAX_CODE_CLAIM = "ma_so_thue"
NAME_CLAIM = "name"
BIRTH_DATE_CLAIM = "birthdate"
ADDRESS_CLAIM = "address"
PHONE_CLAIM = "phone_number"
BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# A logout token older than this is refused: it is sent once, when the session ends.
LOGOUT_TOKEN_MAX_AGE = 300
# Clock difference tolerated between the provider and MotCua.
LEEWAY = 60


def enabled() -> bool:
    return bool(settings.EID_ISSUER)


def client():
    return _client(settings.EID_ISSUER.rstrip("/"), settings.EID_CLIENT_ID, settings.EID_CLIENT_SECRET, settings.EID_SCOPES)


@functools.lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str, scopes: str):
    # One client per configuration, keeping the provider's metadata and keys once fetched.
    oauth = OAuth()
    oauth.register(
        NAME,
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "timeout": 10},
    )
    return oauth.create_client(NAME)


def authorize_access_token(request) -> dict:
    """Exchange the callback's code (with the PKCE verifier kept in the session) and verify the
    ID token. Authlib checks the issuer, signature, expiry, nonce and at_hash by itself; the
    audience only when asked, as here. Raises Authlib's OAuthError or joserfc's JoseError."""
    rp = client()
    issuer = rp.load_server_metadata()["issuer"]
    return rp.authorize_access_token(
        request,
        leeway=LEEWAY,
        claims_options={"iss": {"essential": True, "values": [issuer]}, "aud": {"essential": True, "values": [rp.client_id]}},
    )


def origin() -> str:
    """Where the provider's pages are, for the Content-Security-Policy's form-action: signing
    out answers the sign-out form with a redirect there."""
    parts = urlsplit(settings.EID_ISSUER)
    return f"{parts.scheme}://{parts.netloc}"


def verify_logout_token(token: str) -> dict:
    """The claims of a back-channel logout token once its signature (the provider's keys),
    issuer, audience, issue time, event and subject are checked, and it carries no nonce
    (which would make it an ID token passed off as one). Raises joserfc's JoseError."""
    rp = client()
    metadata = rp.load_server_metadata()
    keys = KeySet.import_key_set(rp.fetch_jwk_set())
    decoded = jwt.decode(token, keys, algorithms=metadata.get("id_token_signing_alg_values_supported") or ["RS256"])
    claims = decoded.claims
    jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": rp.client_id},
        iat={"essential": True},
    ).validate(claims)
    if claims["iat"] < time.time() - LOGOUT_TOKEN_MAX_AGE:
        raise InvalidClaimError("iat")
    if not isinstance(claims.get("events"), dict) or BACKCHANNEL_LOGOUT_EVENT not in claims["events"]:
        raise InvalidClaimError("events")
    if "nonce" in claims:
        raise InvalidClaimError("nonce")
    if not claims.get("sid") and not claims.get("sub"):
        raise MissingClaimError("sid")
    return claims
