"""Settings for every environment; each difference between them is an environment variable.

Embedded defaults run a demo province on one machine (SQLite, local files, an
in-database task queue). Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS
and, at scale, MEDIA_STORAGE and more worker processes: never a code change.
"""

from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from motcua.conf import env

BASE_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(
    env.string(
        "MOTCUA_VAR_DIR",
        str(BASE_DIR.parents[1] / "var"),
        "Folder for the SQLite database and uploaded files in the embedded set-up.",
        shown="`var/` in the checkout",
    )
)

DEBUG = env.boolean("DEBUG", False, "Django debug pages. Never true in production.")
SECRET_KEY = env.string(
    "SECRET_KEY",
    "motcua-insecure-development-key-change-me-in-production-0123456789",
    "Signs sessions and tokens. Production must set its own long random value.",
)
# `make run HOST=… PORT=…` passes the address it serves on, so that the links printed in QR
# codes and sent in messages reach the server that was started, until PUBLIC_URL says otherwise.
HOST = env.string("HOST", "127.0.0.1", "Address `make run` serves on; with PORT, the default of PUBLIC_URL.")
PORT = env.string("PORT", "8000", "Port `make run` serves on; with HOST, the default of PUBLIC_URL.")
PUBLIC_URL = env.string(
    "PUBLIC_URL",
    env.local_url(HOST, PORT),
    "Address of the portal as citizens reach it (https://dichvucong.example.gov.vn); printed in the receipt's QR code.",
    shown="`http://HOST:PORT` (`http://127.0.0.1:8000`)",
)
ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]", "Comma-separated host names the site answers to.")
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins (https://dichvucong.example.gov.vn) allowed to post forms behind a proxy.")

DATABASES = {
    "default": dj_database_url.parse(
        env.string(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
            "Database. Production: postgres://user:password@host:5432/motcua.",
            shown="SQLite file `motcua.sqlite3` in `MOTCUA_VAR_DIR`",
        ),
        conn_max_age=int(env.string("DATABASE_CONN_MAX_AGE", "60", "Seconds a database connection is kept open for reuse.")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite creates the file, not its folder
    # WAL lets the web process read while the task worker writes; IMMEDIATE takes the
    # write lock at BEGIN so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "motcua.accounts",
    "motcua.apps.MotCuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "motcua.agencies",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.printforms",
    "motcua.backoffice",
    "motcua.portal",
    "motcua.citizens",
    "motcua.filing",
    "motcua.payments",
    "motcua.notifications",
    "motcua.nationalportal",
    "motcua.reports",
    "motcua.signatures",
    "motcua.backups",
    "motcua.demo",
    "motcua.population",  # Population database look-up and prefill
    "motcua.eid",  # sign-in with the national e-ID (VNeID)
    # Two factors for officials (accounts.two_factor): TOTP, recovery codes and passkeys.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two factors for officials (accounts.two_factor): which device verified the session, then
    # the officials who owe a second factor are sent to give it before the protected areas.
    "django_otp.middleware.OTPMiddleware",
    "motcua.accounts.two_factor.middleware.SecondFactorMiddleware",
    "motcua.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "motcua.accounts.signin.RecogniseSignedInBrowserMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.context_processors.site",
            ],
            "libraries": {"selects": "motcua.selects"},
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "motcua.citizens.backends.UserNameBackend",  # officials, postal agents, the superuser
    "motcua.citizens.backends.IdentifierBackend",  # national ID, tax code or email as the user name
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after-login"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

UPLOAD_MAX_MEGABYTES = int(
    env.string(
        "UPLOAD_MAX_MEGABYTES",
        "10",
        "Largest file accepted by any upload (scans, results, blank forms, PKCS#12 files), in MB. A few pages at 300 dpi stay well under it; the web server should cap request bodies too.",
    )
)
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # vendored front-end files (static/vendor/README.md)
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(
    env.string("MEDIA_ROOT", str(VAR_DIR / "media"), "Folder for uploaded files when MEDIA_STORAGE is local.", shown="`media/` in `MOTCUA_VAR_DIR`")
)
MEDIA_STORAGE = env.string(
    "MEDIA_STORAGE",
    "local",
    "Where uploaded files and results are kept: `local` (MEDIA_ROOT) or `s3` (any S3-compatible object storage; "
    "install the `production` extra and set the S3_* variables).",
)
_s3 = {
    "bucket_name": env.string("S3_BUCKET", "motcua", "Object storage bucket for uploaded files."),
    "endpoint_url": env.string("S3_ENDPOINT_URL", "", "Object storage endpoint, e.g. https://s3.example.gov.vn.") or None,
    "region_name": env.string("S3_REGION", "", "Object storage region, if the provider needs one.") or None,
    "access_key": env.string("S3_ACCESS_KEY", "", "Object storage access key."),
    "secret_key": env.string("S3_SECRET_KEY", "", "Object storage secret key."),
}
if MEDIA_STORAGE == "s3":
    # Files are private: links are signed and expire; nothing is overwritten in place.
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "default_acl": "private", "querystring_auth": True, "file_overwrite": False},
    }
elif MEDIA_STORAGE == "local":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ValueError(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}")



def _fernet_keys(value: str) -> list[str]:
    keys = [key.strip() for key in value.split(",") if key.strip()]
    from motcua.storage import cipher

    if keys:
        cipher(keys)  # a wrong key stops the start, not the first upload
    return keys


# Uploaded files encrypted at rest (motcua.storage), around whichever storage is configured.
MEDIA_ENCRYPTION_KEYS = env.parsed(
    "MEDIA_ENCRYPTION_KEY",
    "",
    "Encrypt uploaded files at rest (Fernet) with this key; comma-separated keys rotate (the first encrypts, all decrypt). "
    "Empty stores files as they are. Keep it apart from the backups: without it no encrypted file can be read.",
    _fernet_keys,
)
if MEDIA_ENCRYPTION_KEYS:
    _media = {"BACKEND": "motcua.storage.EncryptedStorage", "OPTIONS": {"inner": _media}}
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

_redis = env.string("REDIS_URL", "", "Redis for the shared cache when several web processes run (redis://127.0.0.1:6379/0); empty for a per-process memory cache.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}
    if _redis
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

TASKS = {
    "default": {
        "BACKEND": env.string(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            "Background task backend. Keep the database queue: its tasks are written in the same transaction as "
            "the change that causes them (the transactional outbox); add workers to scale, not another broker.",
        ),
        "QUEUES": ["default", "outbox"],
    }
}


def _clock(value: str) -> time:
    hours, _, minutes = value.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def _sessions(value: str) -> tuple[tuple[time, time], ...]:
    return tuple(
        (_clock(start), _clock(end))
        for start, _, end in (part.partition("-") for part in value.split(","))
    )


# Working calendar: province-wide office hours and receipt cut-off (DOMAIN.md, "Time rules").
OFFICE_HOURS = env.parsed("OFFICE_HOURS", "07:30-11:30,13:00-17:00", "Office sessions of a working day, comma-separated HH:MM-HH:MM.", _sessions)
RECEIPT_CUTOFF = env.parsed(
    "RECEIPT_CUTOFF",
    "15:00",
    "Dossiers received at or after this time count from the next working morning; empty for no cut-off.",
    lambda value: _clock(value) if value.strip() else None,
)


def _working_days(value: str) -> Decimal:
    try:
        days = Decimal(value.strip())
    except InvalidOperation:
        days = Decimal("NaN")
    if not days.is_finite() or days < 0:
        raise ValueError(f"must be a number of working days, 0 or more, not {value!r}")
    return days


# Deadline alerts on the back-office desk: dossiers due within this many working days.
DEADLINE_ALERT_WORKING_DAYS = env.parsed(
    "DEADLINE_ALERT_WORKING_DAYS",
    "1",
    "Back-office deadline alerts list the dossiers due within this many working days (halves allowed, e.g. 0.5).",
    _working_days,
)

# Work lists count up to this many dossiers; beyond, they say "more than" and page through the
# soonest due (dossiers.selectors): counting a 40,000-dossier queue on every page costs more
# than the rest of the page.
WORKLIST_COUNT_CAP = int(
    env.string("WORKLIST_COUNT_CAP", "1000", "Work lists count up to this many dossiers; beyond, they show the soonest due and say there are more.")
)

# The counter's applicant look-up (backoffice.reception) reads a person's details by their ID
# number; each is recorded, and an officer may make this many an hour.
APPLICANT_LOOKUPS_PER_HOUR = int(
    env.string(
        "APPLICANT_LOOKUPS_PER_HOUR", "60",
        "Applicants one reception officer may look up by ID number in an hour at the counter (each look-up is recorded).",
    )
)

# Requests that could tell a stranger whether an ID number, tax code or email has an account
# (sign-up, password reset, a new verification mail, an email change), counted per client
# address whether or not they succeed (citizens.views).
ACCOUNT_REQUESTS_PER_ADDRESS = int(
    env.string(
        "ACCOUNT_REQUESTS_PER_ADDRESS", "30",
        "Sign-up, password-reset, verification-mail and email-change requests one client address may make in an hour.",
    )
)

# Online payment of fees (motcua.payments). The sandbox is a pretend bank for the demo:
# production sets PAYMENT_GATEWAY=vnpay and the three VNPAY_* values from the merchant account.
PAYMENT_GATEWAY = env.string(
    "PAYMENT_GATEWAY", "sandbox", "Gateway for online payment of fees: `sandbox` (demo pretend bank, never in production) or `vnpay`."
)
VNPAY_TMN_CODE = env.string("VNPAY_TMN_CODE", "", "VNPay merchant terminal code (vnp_TmnCode); empty disables VNPay.")
VNPAY_HASH_SECRET = env.string("VNPAY_HASH_SECRET", "", "VNPay secret that signs requests and confirmations (HMAC-SHA512); empty disables VNPay.")
VNPAY_PAYMENT_URL = env.string(
    "VNPAY_PAYMENT_URL", "", "VNPay payment page address, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html; empty disables VNPay."
)
VNPAY_QUERY_URL = env.string(
    "VNPAY_QUERY_URL",
    "",
    "VNPay merchant API for querydr, e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction; empty disables reconciliation.",
)
VNPAY_SERVER_IP = env.string("VNPAY_SERVER_IP", "127.0.0.1", "This server's public IP address, sent with each querydr request.")

# The published development key and the pretend bank must never serve a province: with DEBUG
# off, every process refuses to start with either (manage.py, runserver, WSGI and ASGI all
# load these settings), unless it says it is the demo. A deploy check only warns, and only
# when someone runs it.
DEMO = env.boolean(
    "MOTCUA_DEMO",
    False,
    "The demo province on one machine (`make run` sets it, and so does the test suite): starts with the published "
    "SECRET_KEY and the sandbox payment gateway, which stop any other process with DEBUG off at start-up. Never in production.",
)
_insecure = {
    "SECRET_KEY is the development key published with MotCua: set a long random value of your own": (
        SECRET_KEY == env.VARIABLES["SECRET_KEY"].default
    ),
    "PAYMENT_GATEWAY is 'sandbox', a pretend bank where no money moves: set PAYMENT_GATEWAY=vnpay and the VNPAY_* values": (
        PAYMENT_GATEWAY == "sandbox"
    ),
}
if not (DEBUG or DEMO) and any(_insecure.values()):
    raise ImproperlyConfigured(
        "MotCua refuses to start outside the demo (MOTCUA_DEMO=true) with DEBUG off: "
        + "; ".join(reason for reason, found in _insecure.items() if found)
        + "."
    )

# Digital signatures (motcua.signatures): PAdES signing with officials' and agencies' keys.
SIGNING_TSA_URL = env.string(
    "SIGNING_TSA_URL", "", "RFC 3161 time-stamping server whose timestamp is added to every signature; empty for none."
)
SIGNING_KEY_SECRET = env.string(
    "SIGNING_KEY_SECRET",
    "",
    "Secret that encrypts stored private keys and token PINs (Fernet); empty derives it from SECRET_KEY. "
    "Changing it (or SECRET_KEY when empty) makes stored keys unusable: upload them again.",
)
SIGNING_PKCS11_MODULE = env.string(
    "SIGNING_PKCS11_MODULE", "", "Default PKCS#11 module (.so) of hardware tokens / HSMs, e.g. /usr/lib/softhsm/libsofthsm2.so; empty for none."
)
SIGNING_TRUST_ANCHORS = env.string(
    "SIGNING_TRUST_ANCHORS",
    "",
    "PEM file of root certificates trusted when verifying signed files (e.g. the national CA); "
    "the roots of the platform's own signing certificates are trusted as well.",
)


def _revocation_sources(value: str) -> list[str]:
    from motcua.signatures import sources

    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    sources.parse(entries)  # a malformed entry stops the start, not the first check
    return entries


def _seconds(value: str) -> float:
    seconds = float(value)
    if not 0 < seconds <= 300:
        raise ValueError(f"must be a number of seconds above 0 and at most 300, not {value!r}")
    return seconds


# Anyone may upload a file to /xac-thuc/, and its certificates name addresses of the
# uploader's choosing: the public check asks only these origins (signatures/revocation.py).
SIGNING_REVOCATION_SOURCES = env.parsed(
    "SIGNING_REVOCATION_SOURCES",
    "",
    "Comma-separated origins (scheme://host[:port]) of the CRL and OCSP servers that checking an uploaded file on "
    "/xac-thuc/ may ask, e.g. the national root CA's and the licensed CAs' that issue the officials' certificates; "
    "empty asks none. Signing asks the sources its own certificates name.",
    _revocation_sources,
)
SIGNING_FETCH_TIMEOUT = env.parsed(
    "SIGNING_FETCH_TIMEOUT",
    "10",
    "Seconds one request for a CRL, an OCSP answer or an issuer certificate may take, connecting and reading, "
    "when signing and when checking a file.",
    _seconds,
)

# Population database look-up and prefill (motcua.population): the national population
# database (CSDL quốc gia về dân cư) asked over mutual TLS with signed requests. Off while
# POPULATION_CONNECTOR or POPULATION_URL is empty: officers and citizens type the details.
POPULATION_CONNECTOR = env.string(
    "POPULATION_CONNECTOR", "", "Population database connector: `signed_https` (JSON over HTTPS, client certificate, JWS-signed requests); empty turns the look-up off."
)
POPULATION_URL = env.string("POPULATION_URL", "", "Address of the population database's look-up, e.g. https://csdldancu.example.gov.vn/v1/persons/lookup.")
POPULATION_CA = env.string("POPULATION_CA", "", "PEM file of the CA that issued the population database's server certificate; empty trusts the system's CAs.")
POPULATION_CLIENT_CERT = env.string("POPULATION_CLIENT_CERT", "", "PEM file of the province's client certificate for the population database (mutual TLS).")
POPULATION_CLIENT_KEY = env.string("POPULATION_CLIENT_KEY", "", "PEM file of the client certificate's private key; empty when it is in POPULATION_CLIENT_CERT.")
POPULATION_SIGNING_KEY = env.string("POPULATION_SIGNING_KEY", "", "PEM file of the EC P-256 private key that signs each look-up request (ES256).")
POPULATION_SIGNING_KEY_ID = env.string("POPULATION_SIGNING_KEY_ID", "", "Key id (kid) the population database registered the signing key's public half under.")
POPULATION_TIMEOUT = env.parsed(
    "POPULATION_TIMEOUT", "5", "Seconds a population database look-up may take, connecting and reading, before the officer is told to type the details.", _seconds
)

EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", "Email backend class.")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost", "SMTP server host.")
EMAIL_PORT = int(env.string("EMAIL_PORT", "25", "SMTP server port."))
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "motcua@localhost", "Sender address of outgoing email.")
EMAIL_VERIFICATION_HOURS = int(
    env.string(
        "EMAIL_VERIFICATION_HOURS",
        "48",
        "Hours the link in a new account's verification email stays valid; after that the applicant asks for another.",
    )
)

# Notifications (motcua.notifications): the outward channels in the province's default order
# of preference (each needs its own settings below; email always works), the development
# folder that stands in for all of them, and the officials' morning digest.
NOTIFY_CHANNELS = env.listing(
    "NOTIFY_CHANNELS", "zalo,sms,email", "Outward notification channels in default order of preference: any of zalo, sms, email."
)
NOTIFY_FILE_DIR = env.string(
    "NOTIFY_FILE_DIR",
    "",
    "Development: write every email/SMS/Zalo message to this folder instead of sending it (`-` prints them); empty sends for real.",
)
NOTIFY_DIGEST_TIME = env.parsed(
    "NOTIFY_DIGEST_TIME", "07:30", "Time of day (HH:MM) after which officials' daily digest is written, on working days.", time.fromisoformat
)
SMS_GATEWAY_URL = env.string(
    "SMS_GATEWAY_URL",
    "",
    "SMS gateway (eSMS-compatible JSON API), e.g. https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/; empty disables SMS.",
)
SMS_API_KEY = env.string("SMS_API_KEY", "", "SMS gateway API key.")
SMS_SECRET_KEY = env.string("SMS_SECRET_KEY", "", "SMS gateway secret key.")
SMS_BRANDNAME = env.string("SMS_BRANDNAME", "", "Registered SMS brand name the messages come from.")
SMS_UNICODE = env.boolean("SMS_UNICODE", False, "Send SMS with Vietnamese diacritics (Unicode, 70 characters a part) instead of without.")
SMS_INBOUND_SECRET = env.string(
    "SMS_INBOUND_SECRET", "", "Shared secret signing SMS forwarded to /thong-bao/sms/den/ (HMAC-SHA256 of X-Timestamp, a dot and the body); empty refuses inbound SMS."
)
WEBHOOK_WINDOW_SECONDS = int(
    env.string(
        "WEBHOOK_WINDOW_SECONDS",
        "300",
        "Zalo OA events and forwarded SMS whose signed timestamp is more than this many seconds before or after this "
        "server's clock are refused, so a captured call cannot be played again later. Keep the server's clock synchronised (NTP).",
    )
)
ZALO_ACCESS_TOKEN = env.string("ZALO_ACCESS_TOKEN", "", "Zalo Official Account access token; empty disables Zalo.")
ZALO_APP_ID = env.string("ZALO_APP_ID", "", "Zalo app id, checked in the OA webhook's events.")
ZALO_OA_SECRET_KEY = env.string("ZALO_OA_SECRET_KEY", "", "Zalo OA secret key that signs webhook events (X-ZEvent-Signature).")
ZALO_ZNS_URL = env.string(
    "ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template", "Zalo ZNS endpoint for template messages."
)
ZALO_OA_MESSAGE_URL = env.string(
    "ZALO_OA_MESSAGE_URL", "https://openapi.zalo.me/v3.0/oa/message/cs", "Zalo OA endpoint for answering a citizen's message."
)

# The national public-service portal (motcua.nationalportal): every dossier and its progress
# are sent to its adapter (PROTOCOL.md in that folder). Empty NATIONAL_PORTAL_URL: nothing is
# written for it. The demo points it at the stand-in that `make run` starts.
NATIONAL_PORTAL_URL = env.string(
    "NATIONAL_PORTAL_URL", "", "The national portal's adapter endpoint the services are posted to; empty disables the link."
)
NATIONAL_PORTAL_AUTH_URL = env.string(
    "NATIONAL_PORTAL_AUTH_URL", "", "Where the province's credentials are exchanged for a session token."
)
NATIONAL_PORTAL_USERNAME = env.string("NATIONAL_PORTAL_USERNAME", "", "The province's user name at the national portal.")
NATIONAL_PORTAL_PASSWORD = env.string("NATIONAL_PORTAL_PASSWORD", "", "The province's password at the national portal.")
NATIONAL_PORTAL_AGENCY_CODE = env.string(
    "NATIONAL_PORTAL_AGENCY_CODE", "", "`madonvi`: the identity code of the province as the sending agency (e.g. 000.00.00.H56)."
)
NATIONAL_PORTAL_DESTINATION = env.string(
    "NATIONAL_PORTAL_DESTINATION", "DVCQG", "`dstcode` header: the destination code the portal's integration platform routes by."
)
NATIONAL_PORTAL_TIMEOUT = float(
    env.string("NATIONAL_PORTAL_TIMEOUT", "20", "Seconds to wait for the national portal's answer before trying again later.")
)
NATIONAL_PORTAL_SESSION_EXPIRED_CODES = env.listing(
    "NATIONAL_PORTAL_SESSION_EXPIRED_CODES",
    "-1",
    "The portal's error codes meaning the session token is no longer valid: a new one is obtained and the call repeated.",
)

# Sign-in with the national e-ID (VNeID), OpenID Connect: motcua.eid.
EID_ISSUER = env.string(
    "EID_ISSUER", "", "Issuer URL of the national e-ID's OpenID Provider (its discovery document is at /.well-known/openid-configuration); empty turns VNeID sign-in off."
)
EID_CLIENT_ID = env.string("EID_CLIENT_ID", "", "Client id MotCua was registered with at the national e-ID.")
EID_CLIENT_SECRET = env.string("EID_CLIENT_SECRET", "", "Client secret MotCua was registered with at the national e-ID.")
EID_SCOPES = env.string(
    "EID_SCOPES", "openid profile address phone vneid", "Scopes asked of the national e-ID: the claims of name, birth date, address, phone and the national ID or tax code."
)
EID_ACR = env.string("EID_ACR", "urn:vneid:loa:2", "Assurance level (acr) asked for at sign-in when no procedure asks for more (motcua.eid.levels).")
EID_STANDIN = env.boolean("EID_STANDIN", False, "The e-ID provider is the test stand-in (make run): the sign-in button says so.")

# Single sign-on (motcua.sso): MotCua is the OpenID Provider of the province's other systems
# (django-oauth-toolkit under /oidc/). Systems are registered in /quan-tri/ (sso.Client); the
# keys that sign ID tokens live sealed in the database and are rotated by `rotate_oidc_keys`.
# /oidc/authorize/ hands the back office's identity to other systems: it demands the same
# strength of sign-in as /mot-cua/ (SECOND_FACTOR_PROTECTED_PATHS).
from django.utils.translation import gettext_lazy  # noqa: E402  (the consent page's scope names)

INSTALLED_APPS += ["motcua.sso", "oauth2_provider"]
OAUTH2_PROVIDER_APPLICATION_MODEL = "sso.Client"
OIDC_KEY_RETENTION_DAYS = int(
    env.string(
        "OIDC_KEY_RETENTION_DAYS", "7",
        "Days a replaced ID-token signing key stays in the JWKS after `rotate_oidc_keys` (longer than any token it signed lives).",
    )
)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    # A system's sign-out ends the MotCua session at once when its ID token names the user
    # signed in; otherwise the user is asked. It returns only to a registered address.
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "PKCE_REQUIRED": True,
    # RFC 9700 (OAuth security best practice) now rather than at django-oauth-toolkit 4.0:
    # S256 PKCE only, no implicit or password grant, tokens stored hashed and never taken
    # from a query string, the issuer named in the answer (RFC 9207), a replayed refresh
    # token revokes its whole family.
    **dict.fromkeys(
        [f"COMPLIANT_BCP_RFC9700_{gate}" for gate in ("PKCE_METHOD", "IMPLICIT_GRANT", "PASSWORD_GRANT", "TOKEN_STORAGE", "ACCESS_TOKEN_TRANSPORT", "AUTHZ_RESPONSE_ISS")],
        True,
    ),
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "OAUTH2_VALIDATOR_CLASS": "motcua.sso.claims.Validator",
    "SCOPES": {  # shown on the consent page; each scope's claims: motcua.sso.claims
        "openid": gettext_lazy("Định danh tài khoản"),
        "profile": gettext_lazy("Họ tên và tên đăng nhập"),
        "email": gettext_lazy("Địa chỉ thư điện tử"),
        "roles": gettext_lazy("Cơ quan và vai trò công tác"),
        "national_id": gettext_lazy("Số định danh cá nhân hoặc mã số thuế đã xác minh"),
    },
    "DEFAULT_SCOPES": ["openid"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    # Plain-HTTP addresses only for the demo and tests (systems on 127.0.0.1).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"] if DEBUG or DEMO else ["https"],
    "APPLICATION_ADMIN_CLASS": "motcua.sso.admin.ClientAdmin",
    **dict.fromkeys(
        ["ACCESS_TOKEN_ADMIN_CLASS", "REFRESH_TOKEN_ADMIN_CLASS", "ID_TOKEN_ADMIN_CLASS", "GRANT_ADMIN_CLASS"],
        "motcua.sso.admin.IssuedAdmin",
    ),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO", "Log level of the root logger.")},
    # Embedding the signature stamp's font logs every subset table at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

# Sign-in (accounts.signin): failed attempts allowed within the window per user name from one
# source, per client address (higher: the officials of one administration centre often share an
# address) and per user name from everywhere (higher again: past it only the browsers that
# signed in to it before may try, so a stranger cannot lock the owner out).
LOGIN_MAX_FAILURES = int(
    env.string(
        "LOGIN_MAX_FAILURES", "5",
        "Failed sign-ins allowed per user name from one client address, or from one browser that signed in to it before, "
        "within LOGIN_WINDOW_MINUTES; then that source is refused until the window has passed.",
    )
)
LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    env.string(
        "LOGIN_MAX_FAILURES_PER_ADDRESS", "30",
        "Failed sign-ins allowed per client address, whatever the user names, within LOGIN_WINDOW_MINUTES "
        "(browsers that signed in to the user name typed before are not held to it).",
    )
)
LOGIN_MAX_FAILURES_PER_ACCOUNT = int(
    env.string(
        "LOGIN_MAX_FAILURES_PER_ACCOUNT", "20",
        "Failed sign-ins allowed per user name from all addresses within LOGIN_WINDOW_MINUTES; "
        "then only browsers that signed in to it before may still try.",
    )
)
SIGN_UP_MAX_PER_ADDRESS = int(
    env.string("SIGN_UP_MAX_PER_ADDRESS", "10", "Accounts that may be opened from one client address in an hour (each sends an email or an SMS).")
)
SIGNATURE_CHECKS_PER_HOUR = int(
    env.string(
        "SIGNATURE_CHECKS_PER_HOUR", "120",
        "Signed files that one client address (or one signed-in user) may check on /xac-thuc/ and its API in an hour.",
    )
)
LOGIN_WINDOW_MINUTES = int(env.string("LOGIN_WINDOW_MINUTES", "15", "Window, in minutes, over which failed sign-ins are counted."))

# Public look-up (portal.lookup): failed look-ups allowed within the window per dossier code from
# one source, per source (an address, an SMS phone, a Zalo user) and per code from everywhere;
# past the last only the code's own sources may try (see portal.lookup).
PORTAL_LOOKUP_MAX_FAILURES = int(
    env.string(
        "PORTAL_LOOKUP_MAX_FAILURES", "5",
        "Failed look-ups of one dossier code allowed from one source (client address, SMS phone, Zalo user, "
        "or a browser that looked it up before) within PORTAL_LOOKUP_WINDOW; then that source is refused on it.",
    )
)
PORTAL_LOOKUP_MAX_FAILURES_PER_CLIENT = int(
    env.string(
        "PORTAL_LOOKUP_MAX_FAILURES_PER_CLIENT", "10",
        "Failed look-ups allowed from one client address, SMS phone or Zalo user, whatever the codes, within PORTAL_LOOKUP_WINDOW.",
    )
)
PORTAL_LOOKUP_MAX_FAILURES_PER_CODE = int(
    env.string(
        "PORTAL_LOOKUP_MAX_FAILURES_PER_CODE", "10",
        "Failed look-ups of one dossier code allowed from all sources within PORTAL_LOOKUP_WINDOW; then only its own "
        "sources may still try: a browser that looked it up before, the applicant's phone, a sender already written to about it.",
    )
)
PORTAL_LOOKUP_WINDOW = int(
    env.string("PORTAL_LOOKUP_WINDOW", "900", "Window, in seconds, over which failed look-ups are counted.")
)
# Both limits: the browser that signed in to an account or looked a dossier up is recognised
# for it by a signed cookie (portal.recognised).
RECOGNISED_BROWSER_DAYS = int(
    env.string(
        "RECOGNISED_BROWSER_DAYS", "90",
        "Days a browser stays recognised for a user name it signed in with or a dossier it looked up "
        "(its attempts there are judged on its own failures only); each success starts the days again.",
    )
)

# Sessions end after this much inactivity (a request extends them, writing the session at most
# once a minute: motcua.middleware.SessionRefreshMiddleware) and when the browser closes: a
# counter's computer is shared, and an official may walk away from it.
SESSION_COOKIE_AGE = 60 * int(
    env.string("SESSION_IDLE_MINUTES", "60", "Minutes without a request after which a signed-in session ends (it also ends when the browser closes).")
)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: the payment gateway sends the citizen back by a link from its own site.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page, never from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy on every response (django-csp): scripts and styles come only from the
# site's own files (no inline script, style, style attribute or event handler anywhere, and no
# eval: htmx is configured for that in backoffice/base.html), nothing is embedded or embeds
# the site, and forms lead only to the site and the payment gateway's page (added by
# motcua.middleware.ContentSecurityPolicyMiddleware). Enforced, not reported only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Declared whatever DEBUG is, so the list of variables does not depend on it.
_secure_cookies = env.boolean("SECURE_COOKIES", False, "Send session and CSRF cookies over HTTPS only (set true behind TLS).")
_ssl_redirect = env.boolean(
    "SECURE_SSL_REDIRECT", False, "Redirect every plain-HTTP request to HTTPS (set true behind TLS; the embedded set-up serves http://127.0.0.1)."
)
_behind_tls_proxy = env.boolean(
    "TRUST_X_FORWARDED_PROTO",
    False,
    "The reverse proxy terminates TLS and sets X-Forwarded-Proto: trust it to tell HTTPS requests apart. Only behind a proxy that always sets it.",
)
_hsts_seconds = int(
    env.string("SECURE_HSTS_SECONDS", "0", "Strict-Transport-Security max-age sent over HTTPS, e.g. 31536000 (a year) once the whole site is on HTTPS; 0 sends none.")
)
_hsts_subdomains = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True, "Strict-Transport-Security covers the subdomains too.")
_hsts_preload = env.boolean(
    "SECURE_HSTS_PRELOAD", False, "Strict-Transport-Security asks browsers to preload the domain (only once it is submitted to the preload list)."
)
if not DEBUG:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _secure_cookies
    SECURE_SSL_REDIRECT = _ssl_redirect
    SECURE_HSTS_SECONDS = _hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _hsts_subdomains
    SECURE_HSTS_PRELOAD = _hsts_preload
    if _behind_tls_proxy:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# Two factors for officials (accounts.two_factor): who must give one, from where, and where.
def _networks(value: str) -> tuple:
    from ipaddress import ip_network

    return tuple(ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())


SECOND_FACTOR_ROLES = env.listing(
    "SECOND_FACTOR_ROLES",
    "leader,agency_admin",
    "Roles (accounts.Role values) whose holders give a second factor at every sign-in; the province superuser always does.",
)
# The demo treats the machine itself as the office; a province lists its own networks, and
# with none every official gives a second factor wherever they sign in from.
OFFICE_NETWORKS = env.parsed(
    "OFFICE_NETWORKS",
    "127.0.0.0/8,::1/128" if DEMO else "",
    "Comma-separated office networks (CIDR). Officials signing in from elsewhere give a second factor, whatever their role; "
    "empty means everywhere is elsewhere. The client address is REMOTE_ADDR: behind a proxy, have it pass the client's.",
    _networks,
)
# The areas an official reaches only after the second factor, when one is owed; the single
# sign-on's authorisation endpoint hands the same identity to the province's other systems.
SECOND_FACTOR_PROTECTED_PATHS = ("/mot-cua/", "/quan-tri/", "/bao-cao/", "/buu-dien/", "/oidc/authorize/")
OTP_TOTP_ISSUER = env.string("OTP_TOTP_ISSUER", "MotCua", "Name the authenticator app shows beside an official's TOTP code.")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor, never the only one


def _passkey_origins(value: str) -> list[str]:
    from urllib.parse import urlsplit

    origins = [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
    if not origins:
        # Browsers accept passkeys over HTTPS, or over plain HTTP at localhost only: a site served
        # over plain HTTP elsewhere (a demo on the office network) uses authenticator apps.
        url = urlsplit(PUBLIC_URL)
        origins = [f"https://{url.netloc}" if url.scheme == "https" else f"http://localhost:{url.port or 80}"]
    return origins


OTP_WEBAUTHN_ALLOWED_ORIGINS = env.parsed(
    "PASSKEY_ORIGINS",
    "",
    "Comma-separated origins (https://motcua.example.gov.vn) where officials register and use passkeys; the first names "
    "the relying party. Empty: PUBLIC_URL's when it is HTTPS, else http://localhost:PORT.",
    _passkey_origins,
)

def _host(origin: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(origin).hostname


OTP_WEBAUTHN_RP_ID = _host(OTP_WEBAUTHN_ALLOWED_ORIGINS[0])
