"""What MotCua tells a registered system about the person who signed in, scope by scope.

| scope | claims |
|---|---|
| `openid` | `sub`: the account's number, stable for the account's life |
| `profile` | `name`, `preferred_username` |
| `email` | `email` |
| `roles` | `agencies` (code and name of each agency where an official holds a role), `roles` (agency code, role, division) |
| `national_id` | `national_id` (citizen) or `tax_code` (organisation), only once verified |

The validator also keeps tokens from outliving the account: a deactivated user, or one the
system is not (or no longer) open to, gets no token, no refreshed token and no userinfo."""

import json

from jwcrypto import jws
from jwcrypto.common import JWException
from oauth2_provider.oauth2_validators import OAuth2Validator

from motcua.accounts import permissions
from motcua.accounts.models import User
from motcua.sso import access, keys


def _agencies(user) -> list[dict]:
    seen = {}
    for assignment in permissions.assignments(user):
        seen.setdefault(assignment.agency_id, {"code": assignment.agency.code, "name": assignment.agency.name})
    return list(seen.values())


def _roles(user) -> list[dict]:
    return [
        {
            "agency": assignment.agency.code,
            "role": assignment.role,
            "division": assignment.division.name if assignment.division_id else None,
        }
        for assignment in permissions.assignments(user)
    ]


def claims_of(user) -> dict:
    """Every claim the user has; the validator keeps those the granted scopes allow."""
    claims = {"name": str(user), "preferred_username": user.username}
    if user.email:
        claims["email"] = user.email
    if user.is_official:
        claims["agencies"] = _agencies(user)
        claims["roles"] = _roles(user)
    verified = user.verified_identifier
    if verified:
        claims["tax_code" if user.kind == User.Kind.ORGANISATION else "national_id"] = verified
    return claims


class Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "agencies": "roles",
        "roles": "roles",
        "national_id": "national_id",
        "tax_code": "national_id",
    }

    def get_additional_claims(self, request):
        return claims_of(request.user)

    def get_discovery_claims(self, request):
        return ["sub", "name", "preferred_username", "email", "agencies", "roles", "national_id", "tax_code"]

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        return super().validate_code(client_id, code, client, request, *args, **kwargs) and access.may_sign_in(
            request.user, client
        )

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        return super().validate_refresh_token(refresh_token, client, request, *args, **kwargs) and access.may_sign_in(
            request.user, client
        )

    def validate_bearer_token(self, token, scopes, request):
        return super().validate_bearer_token(token, scopes, request) and access.may_sign_in(request.user, request.client)

    def _get_key_for_token(self, token):
        # An ID token brought back (RP-initiated logout's id_token_hint) may have been
        # signed by a key since retired: find it by its kid among the published keys.
        try:
            unverified = jws.JWS()
            unverified.deserialize(token)
            kid = json.loads(unverified.objects["protected"]).get("kid", "")
        except (JWException, ValueError, KeyError):
            return None
        key = keys.by_kid(kid)
        return key.jwk() if key is not None else None
