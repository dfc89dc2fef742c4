"""Every URL of the site, visited as every kind of user, is allowed or refused as the table
below says. The table is written out by hand from the rules (accounts/permissions.py and the
lifecycle), not read from the views: a view that starts letting someone in, or a new URL
nobody placed in the table, fails here.

The world: a commune (the right agency) holding one received dossier owned by a citizen and
entrusted to a postal agent, a second commune (the foreign agency) staffed with the same
roles, another citizen, another postal agent and the province superuser. "Refused" is 403,
404, a redirect to sign-in, or an applicant's page sending an official back to their own
start page; "allowed" is anything else a permission check would not give (2xx, a form's
400, a redirect onwards). Webhooks that check a signature are visited unsigned and must
refuse whatever the user.
"""

import hashlib
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import CitizenFactory, PostalAgentFactory, UserFactory, verified
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument
from motcua.dossiers.tests.conftest import MONDAY_MORNING, World
from motcua.filing.models import Draft, StoredDocument
from motcua.payments.models import Payment
from motcua.reports.figures import FIGURE_KEYS
from motcua.signatures import credentials, pki
from motcua.signatures.models import DocumentSignature, Purpose
from motcua.sso import keys as sso_keys
from motcua.sso.models import Client as SsoClient
from motcua.sso.tests.conftest import REDIRECT_URI as SSO_REDIRECT_URI
from motcua.sso.tests.conftest import Flow as SsoFlow

PDF = b"%PDF-1.4\n% matrix\n"
ROLES = [Role.RECEPTION, Role.HANDLER, Role.DIVISION_HEAD, Role.LEADER, Role.CLERK, Role.AGENCY_ADMIN]

ANONYMOUS, OWNER, OTHER_CITIZEN, POSTMAN, OTHER_POSTMAN, SUPERUSER = (
    "anonymous", "owner", "other_citizen", "postman", "other_postman", "superuser",
)
HERE = {role: f"here.{role}" for role in ROLES}
FOREIGN = {role: f"foreign.{role}" for role in ROLES}
ACTORS = [ANONYMOUS, OWNER, OTHER_CITIZEN, POSTMAN, OTHER_POSTMAN, SUPERUSER, *HERE.values(), *FOREIGN.values()]


def every_route() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern but the administration's (tested with its own app)."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern), namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern):
                found.append((namespace + (pattern.name or ""), prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


class Matrix:
    """The world the URLs are filled from."""

    def __init__(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"
        world = World()
        self.world = world
        self.users: dict[str, User | None] = {ANONYMOUS: None}
        self.users[OWNER] = world.citizen
        self.users[OTHER_CITIZEN] = CitizenFactory(username="congdan.khac")
        self.users[POSTMAN] = world.postman
        self.users[OTHER_POSTMAN] = PostalAgentFactory(username="buudien.khac")
        self.users[SUPERUSER] = UserFactory(username="tinh.quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True)
        for role in ROLES:
            self.users[HERE[role]] = world.staff[role]
            self.users[FOREIGN[role]] = world.stranger[role]

        dossier = world.receive(at=timezone.now() - timedelta(minutes=5))
        Dossier.objects.filter(pk=dossier.pk).update(postal_agent=world.postman)
        verified(world.citizen, dossier.applicant_id_number)
        self.dossier = Dossier.objects.get(pk=dossier.pk)
        self.document = self.dossier.documents.first()
        self.document.file.save("giay-to.pdf", ContentFile(PDF))
        self.result = DossierDocument.objects.create(dossier=self.dossier, name="Dự thảo kết quả", kind=DocumentKind.DRAFT_RESULT)
        self.result.file.save("du-thao.pdf", ContentFile(PDF))
        self.payment = Payment.objects.create(
            dossier=self.dossier, payer=world.citizen, amount=10_000, gateway="sandbox", state=Payment.State.SUCCEEDED, paid_at=timezone.now()
        )
        self.draft = Draft.objects.create(applicant=world.citizen, procedure_version=world.version, agency=world.commune)
        self.stored = StoredDocument(owner=world.citizen, name="Giấy khai sinh", kind="pdf", sha256=hashlib.sha256(PDF).hexdigest())
        self.stored.file.save("khai-sinh.pdf", ContentFile(PDF))
        self.blank_form = world.version.documents.order_by("order").first()
        self.blank_form.template.save("to-khai.pdf", ContentFile(PDF))
        now = timezone.now()
        # The reception officer's own certificate (a throwaway CA, no revocation to fetch).
        root = pki.issue("Matrix Test CA", ca=True)
        signer = pki.issue("Cán bộ tiếp nhận", issuer=root)
        credential = credentials.import_pkcs12(
            content=signer.pkcs12([root.certificate], "p12"), password="p12", agency=world.commune, user=world.staff[Role.RECEPTION]
        )
        self.signature = DocumentSignature(
            dossier=self.dossier, purpose=Purpose.RECEIPT, credential=credential, signed_by=world.staff[Role.RECEPTION],
            signer_name="Cán bộ tiếp nhận", certificate_fingerprint=credential.fingerprint, signed_at=now,
            sha256=hashlib.sha256(PDF).hexdigest(), original_sha256=hashlib.sha256(PDF).hexdigest(),
        )
        self.signature.signed_file.save("mau-01-da-ky.pdf", ContentFile(PDF))
        self.credential = credential
        self.issued_forms = self._dossiers_with_forms_02_to_04()
        # Single sign-on: a first-party system the authorize endpoint is asked for, and a key.
        sso_keys.ensure()
        self.sso_client = SsoClient.objects.create(name="Hệ thống văn bản", redirect_uris=SSO_REDIRECT_URI, skip_authorization=True)

    def _dossiers_with_forms_02_to_04(self) -> dict[str, Dossier]:
        world, later = self.world, MONDAY_MORNING + timedelta(hours=1)
        reception, leader = world.staff[Role.RECEPTION], world.staff[Role.LEADER]
        sent_back = lifecycle.request_supplement(
            dossier=world.receive(), actor=reception, items=["Bản sao CCCD"], reason="Bản chụp mờ", at=later
        )
        filed = services.submit_online(
            actor=world.citizen, procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
            form_data={"noi_dung": "Cấp bản sao"}, delivery="counter", at=MONDAY_MORNING,
            documents=world.documents(file=ContentFile(PDF, name="giay-to.pdf")),
        )
        refused = lifecycle.refuse(dossier=filed, actor=reception, reason="Không thuộc thẩm quyền", at=later)
        received = world.receive()
        extended = lifecycle.extend(
            dossier=received, actor=leader, new_promised_at=received.promised_at + timedelta(days=7), reason="Cần xác minh", at=later
        )
        return {"mau-02": sent_back, "mau-03": refused, "mau-04": extended}

    def query(self, name: str) -> str:
        """The query a page needs to be more than a complaint about a missing parameter."""
        version = self.world.version
        return {
            "printforms:register-pdf": f"?agency={self.world.commune.code}&field={version.field.code}&from=2026-01-01&to=2026-12-31",
            "printforms:register-xlsx": f"?agency={self.world.commune.code}&field={version.field.code}&from=2026-01-01&to=2026-12-31",
            "reports:dossiers": f"?chi-tieu={sorted(FIGURE_KEYS)[0]}",
            "backoffice:reception-promise": f"?thu_tuc={version.pk}",
            "backoffice:reception-population": f"?thu_tuc={version.pk}&applicant_id_number=074190000123",
            "oauth2_provider:authorize": "?" + urlencode(SsoFlow(self.sso_client).query()),
        }.get(name, "")

    def fill(self, route: str) -> str:
        values = {
            "<str:code>": self.dossier.code,
            "<int:pk>": str(self.result.pk) if "ky-so" in route else str(self.document.pk),
            "<int:document_id>": str(self.document.pk),
            "<str:number>": "01",
            "<slug:slug>": "tiep-nhan",
            "<slug:action>": "hand_over",
            "<int:step>": "1",
            "<str:gateway>": "sandbox",
            "<str:reference>": self.payment.reference,
            "<str:token>": self.signature.token,
            "<uidb64>": "MQ",
            "<token>": "sai-ma",
        }
        for form, dossier in self.issued_forms.items():
            if route.endswith(f"/{form}.pdf"):
                values["<str:code>"] = dossier.code
        if route.startswith(("thu-tuc/", "nop-ho-so/<str:code>")):
            values["<str:code>"] = self.world.version.procedure.code
        if route.startswith("nop-ho-so/ban-nhap/"):
            values["<int:pk>"] = str(self.draft.pk)
        if route.startswith("nop-ho-so/kho-du-lieu/"):
            values["<int:pk>"] = str(self.stored.pk)
        if "/mau-don/" in route:
            values["<int:pk>"] = str(self.blank_form.pk)
        path = route
        for placeholder, value in values.items():
            path = path.replace(placeholder, value)
        assert "<" not in path, f"no value for a parameter of {route}"
        return "/" + path


@pytest.fixture
def matrix(db, settings, tmp_path):
    return Matrix(settings, tmp_path)


# --- the table --------------------------------------------------------------------------

EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {ANONYMOUS}
STAFF_HERE = frozenset(HERE.values())
OFFICIALS = STAFF_HERE | frozenset(FOREIGN.values())
BACK_OFFICE = OFFICIALS | {SUPERUSER}  # permissions.may_enter_backoffice
SEES_DOSSIER = STAFF_HERE | {SUPERUSER}  # permissions.visible_dossiers: the agencies involved, or the superuser
APPLICANTS = frozenset({OWNER, OTHER_CITIZEN})
POSTAL = frozenset({POSTMAN, OTHER_POSTMAN})
REPORTERS = frozenset({HERE[Role.LEADER], HERE[Role.AGENCY_ADMIN], FOREIGN[Role.LEADER], FOREIGN[Role.AGENCY_ADMIN], SUPERUSER})
RECEPTIONISTS = frozenset({HERE[Role.RECEPTION], FOREIGN[Role.RECEPTION]})

ALLOWED: dict[str, frozenset] = {
    "home": EVERYONE,
    "login": EVERYONE,
    "logout": EVERYONE,
    "after-login": SIGNED_IN,
    "set_language": EVERYONE,
    # Official forms of a dossier: whoever may see the dossier. Mẫu 02–04 are visited on
    # dossiers that were sent back, refused and extended, so that each form exists.
    **{f"printforms:mau-0{n}": SEES_DOSSIER for n in range(1, 6)},
    "printforms:to-khai": SEES_DOSSIER,  # the applicant's declaration, printed from what they typed
    # The desk's register: officials holding a role at the agency asked for (not the superuser,
    # who holds none).
    "printforms:register-pdf": STAFF_HERE,
    "printforms:register-xlsx": STAFF_HERE,
    # Signing: the result is visited before the approval step, so every official who may see
    # the dossier is turned back by the state, after the access gate tested here; the receipt
    # is posted with the reception officer's own certificate, which only they may use.
    "signing:sign_result": SEES_DOSSIER,
    "signing:sign_receipt": frozenset({HERE[Role.RECEPTION]}),
    "signing:signed_file": SEES_DOSSIER,
    "backoffice:home": BACK_OFFICE,
    "backoffice:worklist": BACK_OFFICE,
    "backoffice:find": BACK_OFFICE,
    "backoffice:alerts": BACK_OFFICE,
    "backoffice:bulk_hand_over": BACK_OFFICE,  # each dossier is then checked on its own (test_actions)
    "backoffice:dossier": SEES_DOSSIER,
    "backoffice:dossier_document": SEES_DOSSIER,
    "backoffice:dossier_note": SEES_DOSSIER,
    # The dossier is at the reception step: only its reception officer hands it over; the
    # result may be uploaded by whoever acts on the current step or leads the agency.
    "backoffice:dossier_action": frozenset({HERE[Role.RECEPTION]}),
    "backoffice:dossier_result": frozenset({HERE[Role.RECEPTION], HERE[Role.LEADER]}),
    "backoffice:reception-new": RECEPTIONISTS,
    "backoffice:reception-procedures": RECEPTIONISTS,
    "backoffice:reception-applicant": RECEPTIONISTS,
    "backoffice:reception-promise": frozenset({HERE[Role.RECEPTION]}),  # a procedure of the right agency
    "backoffice:reception-receipt": frozenset({HERE[Role.RECEPTION]}),
    "backoffice:reception-population": frozenset({HERE[Role.RECEPTION]}),  # for a procedure of the right agency
    "backoffice:reception-identity": RECEPTIONISTS,  # at their own desk; the person and their papers are there
    **{f"reports:{name}": REPORTERS for name in ("report", "dossiers", "export-xlsx", "export-pdf", "quality", "dashboard")},
    "transparency:public": EVERYONE,
    "postal:list": POSTAL,
    "postal:dossier": frozenset({POSTMAN}),
    "portal:find": EVERYONE,
    "portal:procedure": EVERYONE,
    "portal:blank-form": EVERYONE,  # the blank forms of published procedures; every other stored file has an owner
    "portal:look-up": EVERYONE,
    "portal:kiosk": EVERYONE,
    "portal:rate": EVERYONE,  # the form asks for the code and the second factor
    "citizens:sign-up": frozenset({ANONYMOUS}),
    "citizens:resend-verification": EVERYONE,
    "citizens:verify-phone": frozenset(),  # only the browser that has just signed up
    "citizens:verify": EVERYONE,  # the token in the link decides
    "citizens:profile": APPLICANTS,
    "citizens:change-email": APPLICANTS,  # their own account's, with its password
    "citizens:confirm-email": EVERYONE,  # the token in the link decides
    "citizens:dossiers": APPLICANTS,
    "citizens:data-access": APPLICANTS,  # only the look-ups of their own verified number
    "citizens:dossier": frozenset({OWNER}),
    "citizens:supplement": frozenset({OWNER}),
    "citizens:withdraw": frozenset({OWNER}),
    "citizens:document": frozenset({OWNER}),
    "citizens:form": frozenset({OWNER}),
    "citizens:declaration": frozenset({OWNER}),
    "citizens:password-reset": EVERYONE,
    "citizens:password-reset-done": EVERYONE,
    "citizens:password-reset-confirm": EVERYONE,
    "citizens:password-reset-complete": EVERYONE,
    "filing:drafts": APPLICANTS,
    "filing:start": APPLICANTS,
    "filing:step": frozenset({OWNER}),
    "filing:restart": frozenset({OWNER}),
    "filing:stored-file": frozenset({OWNER}),
    "filing:submitted": frozenset({OWNER}),
    "payments:pay": frozenset({OWNER}),
    "payments:receipt": frozenset({OWNER}),
    "payments:receipt_pdf": frozenset({OWNER}),
    "notifications:notices": SIGNED_IN,
    "notifications:preferences": SIGNED_IN,
    "signatures:verify": EVERYONE,
    "signatures:issued": EVERYONE,
    "signatures:api": EVERYONE,
    "openapi": EVERYONE,
    # The national e-ID's sign-in is off here (no EID_ISSUER): eid/tests cover it switched on.
    "eid:login": frozenset(),
    "eid:callback": frozenset(),
    "eid:signed-out": EVERYONE,
    # Single sign-on: a system registered for officials signs in officials and the superuser
    # (sso.access); its metadata and keys are public; sign-out asks whoever is signed in.
    "oauth2_provider:authorize": BACK_OFFICE,
    "oauth2_provider:oidc-connect-discovery-info": EVERYONE,
    "oauth2_provider:jwks-info": EVERYONE,
    "oauth2_provider:rp-initiated-logout": EVERYONE,
    # Two factors for officials: the officials here gave theirs as they signed in, so the
    # verification page sends everyone on; the security page is the back office's. The passkey
    # ceremonies (JSON, POST only) let in whoever may register (back office) or verify (signed in).
    "two_factor:verify": frozenset(),
    "two_factor:manage": BACK_OFFICE,
    "otp_webauthn:credential-registration-begin": BACK_OFFICE,
    "otp_webauthn:credential-registration-complete": BACK_OFFICE,
    "otp_webauthn:credential-authentication-begin": SIGNED_IN,
    "otp_webauthn:credential-authentication-complete": SIGNED_IN,
    "otp_webauthn:js-i18n-catalog": EVERYONE,
}

# Reached by gateways, not people: whoever calls them unsigned is refused.
SIGNED_BY_CALLER = {
    "payments:return", "payments:notify", "payments:sandbox",
    "notifications:sms-callback", "notifications:sms-inbound", "notifications:zalo-webhook",
    "eid:backchannel-logout",
    # Single sign-on: the system's credentials or token decide, not the browser's session.
    "oauth2_provider:token", "oauth2_provider:revoke-token", "oauth2_provider:user-info",
}

# Views that only take POST are posted to (with these fields); the rest are fetched.
POSTED = {
    "signing:sign_result": lambda m: {"credential": m.credential.pk},
    "signing:sign_receipt": lambda m: {"credential": m.credential.pk},
    "backoffice:bulk_hand_over": lambda m: {},
    "backoffice:dossier_note": lambda m: {},
    "backoffice:dossier_result": lambda m: {},
    "citizens:supplement": lambda m: {},
    "citizens:change-email": lambda m: {},
    "citizens:withdraw": lambda m: {},
    "filing:restart": lambda m: {},
    "signatures:api": lambda m: {},
    "set_language": lambda m: {"language": "vi"},
    "notifications:sms-inbound": lambda m: {"from": "0912345678", "message": "TRACUU"},
    "notifications:zalo-webhook": lambda m: {},
    "eid:backchannel-logout": lambda m: {"logout_token": "khong-ky"},
    "oauth2_provider:token": lambda m: {"grant_type": "authorization_code", "code": "sai-ma"},
    "oauth2_provider:revoke-token": lambda m: {"token": "sai-ma"},
    "oauth2_provider:user-info": lambda m: {},
    # Last: they change the dossier or end the session.
    "backoffice:dossier_action": lambda m: {},
    "logout": lambda m: {},
}

# Pages that send whoever has no business there to another page.
SENT_AWAY = {"citizens:verify-phone": "/tai-khoan/dang-ky/"}

# Refusals some views give as a message on the page they send the user back to.
REFUSED_BY_MESSAGE = {"signing:sign_receipt": "Bạn không được ký"}


def outcome(client, name: str, response) -> str:
    location = response.get("Location", "")
    if response.status_code in (403, 404):
        return "deny"
    # To sign in, or (an official on an applicant's page) back to their own start page.
    if response.status_code == 302 and location.startswith(("/dang-nhap/?", "/dang-nhap/tiep-tuc/")):
        return "deny"
    if name in SENT_AWAY and location == SENT_AWAY[name]:
        return "deny"
    if response.status_code >= 500:
        return "error"
    if name in REFUSED_BY_MESSAGE and response.status_code == 302:
        if REFUSED_BY_MESSAGE[name] in client.get(location).content.decode():
            return "deny"
    return "allow"


def refuses_unsigned(name: str, response) -> bool:
    if name == "payments:notify":
        # A gateway's IPN is answered 200 with its own error code (97: invalid signature).
        return response.status_code == 200 and response.json().get("RspCode") == "97"
    # 401: the OAuth endpoints' answer to a caller without credentials or token.
    return response.status_code in (400, 401, 403)


def visits(matrix):
    """(name, url, method) in an order where no visit undoes the premise of a later one."""
    routes = every_route()
    fetched = [(name, matrix.fill(route), "get") for name, route in routes if name not in POSTED]
    posted = [(name, matrix.fill(dict(routes)[name]), "post") for name in POSTED]
    return fetched + posted


def test_every_url_is_in_the_table():
    names = {name for name, _route in every_route()}
    assert names - set(ALLOWED) - SIGNED_BY_CALLER == set(), "URLs nobody decided about"
    assert set(ALLOWED) - names == set() and SIGNED_BY_CALLER - names == set(), "the table names URLs that no longer exist"
    assert set(POSTED) <= names


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_allows_exactly_the_users_the_table_names(matrix, client, actor):
    user = matrix.users[actor]
    if user is not None:
        client.force_login(user)
    wrong = []
    for name, url, method in visits(matrix):
        if method == "post":
            response = client.post(url, POSTED[name](matrix))
        else:
            response = client.get(url + matrix.query(name))
        if name in SIGNED_BY_CALLER:
            if not refuses_unsigned(name, response):
                wrong.append(f"{url}: an unsigned call was accepted ({response.status_code})")
            continue
        expected = "allow" if actor in ALLOWED[name] else "deny"
        found = outcome(client, name, response)
        if found != expected:
            wrong.append(f"{method.upper()} {url} ({name}): expected {expected}, got {found} ({response.status_code} {response.get('Location', '')})")
    assert wrong == []
