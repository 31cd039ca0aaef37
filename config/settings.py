"""Settings for the Delegation Visits Portal.

One module, read from the environment through django-environ. Production is the
default: DEBUG is off unless set, and without DEBUG the portal refuses to start
with a missing or weak SECRET_KEY or an empty ALLOWED_HOSTS. The development
command (scripts/serve) sets what it needs itself. A `.env` file is read only
when DJANGO_READ_ENV_FILE asks for it.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from portal.proxies import parse_allowed

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_ENV_FILE", default=False):
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# --- Secrets and hosts -------------------------------------------------------

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])


def _secret_key_problem(key):
    """Why `key` is unfit for production, or "" if it is fine.

    Mirrors Django's own deploy check (security.W009): long, varied, and not a
    key that startproject generated for development.
    """
    if not key:
        return "SECRET_KEY is not set"
    if key.startswith("django-insecure-"):
        return "SECRET_KEY is a development key (it starts with 'django-insecure-')"
    if len(key) < 50 or len(set(key)) < 5:
        return "SECRET_KEY is weak: use at least 50 characters with at least 5 different ones"
    return ""


if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-never-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if problem := _secret_key_problem(SECRET_KEY):
        raise ImproperlyConfigured(
            f"{problem}. With DEBUG off the portal needs a secret key, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "For development, set DEBUG=true (scripts/serve does)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is empty. With DEBUG off, list the host names the portal "
            "answers to, e.g. ALLOWED_HOSTS=visits.example.org,www.visits.example.org."
        )

# --- Transport security --------------------------------------------------------
# Production is served over HTTPS behind a reverse proxy that sets
# X-Forwarded-Proto. Each of these can be turned off through the environment
# for a plain-HTTP setting such as the tests or a local benchmark.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxy's addresses, whose X-Forwarded-Proto and X-Forwarded-For count:
# the same variable, read the same way, as gunicorn's (config/gunicorn.conf.py).
# From any other address those headers are dropped before anything reads them
# (portal/proxies.py), and the login lockout counts the peer's address.
try:
    FORWARDED_ALLOW_IPS = parse_allowed(env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1"))
except ValueError as error:
    raise ImproperlyConfigured(
        f"FORWARDED_ALLOW_IPS: {error}. List the reverse proxy's addresses or networks, "
        "comma-separated (e.g. 10.0.0.5 or 10.0.0.0/24), or * for all."
    ) from None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
# Staff sessions end after a working day (Django's default is two weeks).
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=10) * 3600
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this site only; no
# inline script or style anywhere. The print view's one inline <style> (its
# page footer carries the record's reference) is allowed by its hash, added by
# the view itself. Images may also come from the media store (MEDIA_ORIGINS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],  # + MEDIA_ORIGINS, below
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "simple_history",
    "axes",
    "csp",
    "portal",
    "municipalities",
    "visits",
]

MIDDLEWARE = [
    # X-Forwarded-* headers count only from the trusted proxy (FORWARDED_ALLOW_IPS).
    "portal.proxies.ForwardedHeadersMiddleware",
    # Oversized bodies are refused before anything reads them.
    "portal.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for anonymous readers' HTML pages only (never a page with a CSRF
    # token or a user's data: BREACH); above the page cache, which so keeps
    # pages plain and serves readers with and without gzip alike.
    "portal.compression.AnonymousHtmlGzipMiddleware",
    # Whole pages for anonymous readers: after the HTTPS redirect, before
    # everything a cached page does not need (sessions, language negotiation,
    # CSRF, authentication …), whose headers are stored with the page.
    "portal.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Who made each change, for the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login lockout; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
    # A page's policy (which may allow its own inline style by hash) is stored
    # and served with it from the page cache.
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a restarted server
    # costs one failed check, not a failed request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that drops packets instead of refusing them must not hold a
    # request until gunicorn's timeout: give up connecting after a few seconds
    # (the reader gets the 503 page).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------
# Local memory by default; CACHE_URL=redis://host:6379/1 shares it between
# app servers. Pages for anonymous readers are kept PAGE_CACHE_SECONDS (0: off)
# and never served stale (portal/pagecache.py).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "portal.cache.ReusingRedisCache"
    # A cache server that does not answer costs a second, not the request:
    # pages are then made afresh (portal/pagecache.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# --- Authentication ---------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: after 5 failed logins, that user name from that address waits
# 15 minutes. Locking the pair (not the address alone) keeps one attacker
# from locking out every colleague behind the same proxy.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client's address, not the proxy's: X-Forwarded-For from a trusted proxy.
AXES_CLIENT_IP_CALLABLE = "portal.proxies.client_ip"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages, time and formats --------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("tr", _("Turkish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates print as "13 November 2021" / "13 Kasım 2021" (see config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True

# django-modeltranslation: texts written for readers are kept in both
# languages; a missing one falls back to the other (and pages mark it).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "tr")}

# --- Static and media files -------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded media (photos, emblems, protocol PDFs) is on local disk under
# MEDIA_ROOT, which the reverse proxy serves under /media/. Setting
# AWS_STORAGE_BUCKET_NAME puts it in that S3-compatible bucket instead
# (django-storages): private, every address signed and expiring. Code reaches
# media only through the storage API (`default_storage`, a field's `.open()`
# and `.url`), never through a path on disk.
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# A signed address must outlive the oldest cached page that carries it by at
# least this long, so that the reader can still load its images.
_MEDIA_URL_MARGIN = 15 * 60
_SIGNED_URL_MAX = 7 * 24 * 3600  # the most S3 signatures (SigV4) allow


def _s3_media(bucket):
    """The "default" storage for media in the S3-compatible `bucket`, with its
    options from the environment, and the origins its addresses point at."""
    endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    region = env.str("AWS_S3_REGION_NAME", default="") or None
    custom_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    style = env.str("AWS_S3_ADDRESSING_STYLE", default="path" if endpoint else "virtual")
    signed = env.bool("AWS_QUERYSTRING_AUTH", default=True)
    expire = env.int("AWS_QUERYSTRING_EXPIRE", default=PAGE_CACHE_SECONDS + 3600)
    access_key = env.str("AWS_ACCESS_KEY_ID", default="")
    secret_key = env.str("AWS_SECRET_ACCESS_KEY", default="")

    problem = ""
    parts = urlsplit(endpoint or "")
    if endpoint and not (parts.scheme in ("http", "https") and parts.netloc):
        problem = f"AWS_S3_ENDPOINT_URL={endpoint!r} is not an http(s):// address"
    elif not endpoint and not region:
        problem = "AWS_S3_REGION_NAME is required on AWS (without AWS_S3_ENDPOINT_URL)"
    elif style not in ("path", "virtual"):
        problem = f"AWS_S3_ADDRESSING_STYLE must be 'path' or 'virtual', not {style!r}"
    elif bool(access_key) != bool(secret_key):
        problem = (
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together (or set neither, "
            "for the standard AWS credential chain)"
        )
    elif custom_domain and signed:
        problem = (
            f"AWS_S3_CUSTOM_DOMAIN={custom_domain} gives unsigned addresses that anyone can "
            "guess, photos of unpublished visits included: use it only for a bucket that is "
            "public on purpose, and say so with AWS_QUERYSTRING_AUTH=false"
        )
    elif signed and not PAGE_CACHE_SECONDS + _MEDIA_URL_MARGIN <= expire <= _SIGNED_URL_MAX:
        problem = (
            f"AWS_QUERYSTRING_EXPIRE={expire} is out of range: cached pages carry signed "
            f"media addresses for up to PAGE_CACHE_SECONDS={PAGE_CACHE_SECONDS}, so they must "
            f"last at least {PAGE_CACHE_SECONDS + _MEDIA_URL_MARGIN} seconds, and S3 signs "
            f"for at most {_SIGNED_URL_MAX}"
        )
    if problem:
        raise ImproperlyConfigured(f"{problem}. See 'Media files' in README.md.")

    options = {
        "bucket_name": bucket,
        "location": env.str("AWS_LOCATION", default=""),
        "endpoint_url": endpoint,
        "region_name": region,
        "addressing_style": style,
        "signature_version": "s3v4",
        "custom_domain": custom_domain,
        "querystring_auth": signed,
        "querystring_expire": expire,
        # Never replace a stored file: a new upload of the same name gets a new name.
        "file_overwrite": False,
        # No ACL on objects: they are as private as the bucket.
        "default_acl": None,
    }
    if access_key:
        options |= {"access_key": access_key, "secret_key": secret_key}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, [_s3_origin(options)]


def _s3_origin(options):
    """scheme://host[:port] of the storage's addresses, as botocore builds them
    (the host depends on the endpoint, the addressing style, the region and
    even the bucket's name). Needs no credentials and no network."""
    if options["custom_domain"]:
        return "https://" + options["custom_domain"].split("/")[0]
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3",
        region_name=options["region_name"],
        endpoint_url=options["endpoint_url"],
        config=Config(
            signature_version=UNSIGNED, s3={"addressing_style": options["addressing_style"]}
        ),
    )
    url = client.generate_presigned_url(
        "get_object", Params={"Bucket": options["bucket_name"], "Key": "x"}
    )
    return "{0.scheme}://{0.netloc}".format(urlsplit(url))


# Origins media is served from when it is not this site (an S3 endpoint or a
# custom domain); the Content-Security-Policy lets images come from them.
MEDIA_ORIGINS = []
_media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if _bucket := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    _media_storage, MEDIA_ORIGINS = _s3_media(_bucket)

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The fonts in static/fonts are read by the PDF renderer on the server, never
# sent to a browser: compressing them (2 MB, twice, with Brotli) would only
# slow collectstatic down.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "ttf",
    "otf",
)

# --- The portal -------------------------------------------------------------

# Request bodies (portal/limits.py): the admin's forms carry uploads —
# a meeting with several 10 MB photos — the public pages only short forms.
ADMIN_REQUEST_MAX_BYTES = env.int("ADMIN_REQUEST_MAX_MB", default=100) * 1024 * 1024
PUBLIC_REQUEST_MAX_BYTES = env.int("PUBLIC_REQUEST_MAX_KB", default=64) * 1024

# Countries that ISO 3166 does not list but records need; codes from the
# user-assigned range so they never clash with a real one.
COUNTRIES_OVERRIDE = {
    "XK": _("Kosovo"),
    "XN": _("Turkish Republic of Northern Cyprus"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += MEDIA_ORIGINS
