"""Polosa's one settings module: every knob comes from the environment.

Defaults are production's: debug off, and start-up stops without a ``SECRET_KEY``.
Development says so (``DEBUG=1``; ``polosa demo`` and the test suite set what they need);
production sets ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``, ``REDIS_URL`` and,
behind TLS, ``POLOSA_HTTPS=1`` (the README's operations section lists them all).
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url

from polosa.core.media_storage import media_storage


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("POLOSA_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set SECRET_KEY to a long random string, "
            "e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "For development on this machine set DEBUG=1 (or run `polosa demo`)."
        )
    SECRET_KEY = "polosa-development-only-not-secret"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
POLOSA_BASE_URL = os.environ.get("POLOSA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = POLOSA_BASE_URL

INSTALLED_APPS = [
    "polosa.core",
    "polosa.media",
    "polosa.news",
    "polosa.legal",
    "polosa.people",
    "polosa.titles",
    "polosa.distribution",
    "polosa.search",
    "polosa.staff",
    "polosa.newsroom",
    "polosa.readership",
    "polosa.live",
    "polosa.embeds",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "polosa.staff.users_app.UsersConfig",  # wagtail.users; superuser rights to superusers
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First: a hit is answered before any other middleware runs (and before Django, by
    # polosa.wsgi's PageCacheApplication, when served by polosa serve).
    "polosa.core.pagecache.PublicPageCacheMiddleware",
    # /healthz whatever the Host: Varnish's probe sends its backend address.
    "polosa.core.liveness.LivenessMiddleware",
    # A database that cannot answer or write: a 503 that says so, not a 500.
    "polosa.core.unavailable.DatabaseUnavailableMiddleware",
    # Readers' requests read the replica, when there is one (DATABASE_REPLICA_URL).
    "polosa.core.replica.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "polosa.core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: one language (LANGUAGE_CODE, which Django uses when nothing is
    # activated) and no i18n_patterns. It would choose "ru" from every Accept-Language and
    # still send `Vary: Accept-Language`, making Varnish and CDNs keep one copy of each
    # page per browser language (tests/deploy/test_varnish_site.py).
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "polosa.urls"
WSGI_APPLICATION = "polosa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'polosa.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one writer works; the timeout makes a busy writer wait
    # instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA busy_timeout=20000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        ),
    }
# A PostgreSQL read replica for readers' pages (polosa.core.replica): anonymous reads go
# there, writes and editors stay on the primary. Tests read the primary in its place.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # JIT compilation pays off for long analytical queries, not a site's: at a million
        # articles it added about 90 ms to each of the admin search's two largest queries.
        _options = _database.setdefault("OPTIONS", {})
        if "jit=" not in _options.get("options", ""):
            _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DATABASE_ROUTERS = ["polosa.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis in production ------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
POLOSA_CACHE_PREFIX = os.environ.get("POLOSA_CACHE_PREFIX", "polosa")
REDIS_CACHE_OPTIONS = {
    "CLIENT_CLASS": "polosa.core.redis_cache.FailFastClient",
    # Redis down is not a site outage: cache calls answer "absent", and at once.
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.25,
    "SOCKET_TIMEOUT": 0.5,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": POLOSA_CACHE_PREFIX,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "polosa.redis"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "polosa",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Wagtail's image-size and rendition caches must never land in the database.
CACHES["renditions"] = CACHES["default"]

# The page cache (polosa.core.taggedcache): Redis when there is one; else each process's
# memory, with purges passed between the processes of the machine (web workers,
# `polosa worker`, `polosa legal import`) through an append-only log under var/.
POLOSA_PAGE_CACHE_SECONDS = int(os.environ.get("POLOSA_PAGE_CACHE_SECONDS", "3600"))
POLOSA_PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("POLOSA_PAGE_CACHE_MAX_ENTRIES", "20000"))
POLOSA_PURGE_LOG = os.environ.get("POLOSA_PURGE_LOG", str(VAR_DIR / "cache" / "purge.log"))
# An article's own rendered text, kept until one of its keys is purged.
POLOSA_ARTICLE_TEXT_CACHE_SECONDS = int(
    os.environ.get("POLOSA_ARTICLE_TEXT_CACHE_SECONDS", "86400")
)

# The shared cache in front (Varnish with xkey): purged by surrogate key on every change.
POLOSA_VARNISH_URL = os.environ.get("POLOSA_VARNISH_URL", "").rstrip("/")
WAGTAILFRONTENDCACHE = {}
if POLOSA_VARNISH_URL:
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "polosa.core.frontend_cache.XkeyVarnishBackend",
        "LOCATION": POLOSA_VARNISH_URL,
    }
# Responses name their keys in this header for the cache in front (which strips it);
# "Cache-Tag" for Cloudflare. Sent only when a frontend cache is configured, or when
# POLOSA_SURROGATE_KEY_HEADER says so.
POLOSA_SURROGATE_KEY_HEADER = os.environ.get(
    "POLOSA_SURROGATE_KEY_HEADER", "Surrogate-Key" if WAGTAILFRONTENDCACHE else ""
)
# The longest that header may be; past it a response names a kind of keys as one
# (`article-*`, polosa.core.surrogate.header_value). Varnish's http_resp_hdr_len is 8 KB.
POLOSA_SURROGATE_KEY_MAX_BYTES = int(os.environ.get("POLOSA_SURROGATE_KEY_MAX_BYTES", "4000"))

# Article views (polosa.readership): how often each process hands its tally to the worker
# without Redis, how long a repeat view by the same reader is ignored, views per address
# per 10 minutes, and «Самое читаемое»: how often it is re-ranked and how many it lists.
POLOSA_READS_FLUSH_SECONDS = int(os.environ.get("POLOSA_READS_FLUSH_SECONDS", "30"))
POLOSA_READS_REPEAT_SECONDS = int(os.environ.get("POLOSA_READS_REPEAT_SECONDS", "1800"))
POLOSA_READS_PER_ADDRESS = int(os.environ.get("POLOSA_READS_PER_ADDRESS", "300"))
POLOSA_MOST_READ_SECONDS = int(os.environ.get("POLOSA_MOST_READ_SECONDS", "300"))
POLOSA_MOST_READ_COUNT = int(os.environ.get("POLOSA_MOST_READ_COUNT", "5"))
# How often a live blog's page asks for new entries (seconds).
POLOSA_LIVE_POLL_SECONDS = float(os.environ.get("POLOSA_LIVE_POLL_SECONDS", "15"))

# /readyz reports the worker down when its newest heartbeat is older than this.
POLOSA_WORKER_STALE_SECONDS = int(os.environ.get("POLOSA_WORKER_STALE_SECONDS", "60"))

# --- Background tasks ------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("POLOSA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    # Several application servers share S3-compatible storage (polosa.core.media_storage).
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise serves static files from the app server (with far-future caching of the
# hashed names collected by ``polosa serve``); in development it reads the app folders.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("POLOSA_STATIC_FROM_FINDERS", False)
WHITENOISE_AUTOREFRESH = DEBUG
POLOSA_SERVE_MEDIA = env_bool("POLOSA_SERVE_MEDIA", True)
# How many reverse proxies (nginx, a load balancer) stand in front of the app server and
# append to X-Forwarded-For; per-IP limits read the reader's address through them.
POLOSA_TRUSTED_PROXIES = int(os.environ.get("POLOSA_TRUSTED_PROXIES", "0"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("POLOSA_SITE_NAME", "Полоса")
WAGTAILIMAGES_IMAGE_MODEL = "media.CreditedImage"
# 40 megapixels: a 8000×5000 photo passes; a 60 000×2 000 "decompression bomb" (a few MB
# on disk, gigabytes when decoded) is refused at upload.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("POLOSA_MAX_IMAGE_PIXELS", "40000000"))
# Documents: office files, PDF and archives only (no HTML, SVG or scripts), always through
# Wagtail's view, which checks collection privacy and sends them as attachments.
WAGTAILDOCS_EXTENSIONS = env_list(
    "POLOSA_DOCUMENT_EXTENSIONS",
    "pdf,doc,docx,odt,rtf,txt,csv,xls,xlsx,ods,ppt,pptx,odp,zip,epub",
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []  # PDFs too: a download, never a page of the site
WAGTAILIMAGES_IMAGE_FORM_BASE = "polosa.media.forms.ImageForm"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# Wagtail's database backend, lemmatising (polosa.search.backend): the admin's search
# shares the readers' morphology, so editors find «перепелкина» too.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "polosa.search.backend"}}
# New slugs are Latin (the newsroom's transliteration, polosa.core.slugs): Wagtail's slug
# field transliterates in the browser instead of keeping Cyrillic letters.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea"}
}
# --- Telegram --------------------------------------------------------------------------
POLOSA_TELEGRAM_TOKEN = os.environ.get("POLOSA_TELEGRAM_TOKEN", "")
POLOSA_TELEGRAM_CHANNEL = os.environ.get("POLOSA_TELEGRAM_CHANNEL", "")
POLOSA_TELEGRAM_API = os.environ.get("POLOSA_TELEGRAM_API", "https://api.telegram.org").rstrip("/")

# --- Security ----------------------------------------------------------------------------
# Behind TLS (POLOSA_HTTPS=1): every http:// request redirects, browsers are told to keep to
# https (HSTS) and every cookie is Secure. The health checks answer on plain http too, for
# the load balancer.
POLOSA_HTTPS = env_bool("POLOSA_HTTPS", False)
SECURE_SSL_REDIRECT = POLOSA_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("POLOSA_HSTS_SECONDS", "31536000")) if POLOSA_HTTPS else 0
# Whole domain, preload-ready: set these to 0 if some subdomain still serves plain http.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("POLOSA_HSTS_INCLUDE_SUBDOMAINS", POLOSA_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("POLOSA_HSTS_PRELOAD", POLOSA_HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", POLOSA_HTTPS)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing frames Polosa's pages; Wagtail's preview marks its own views SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"
# A proxy's word that the reader came over https is believed only when there is a proxy:
# with none, any client could send the header.
if POLOSA_TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Embeds come from these providers only; nothing else third-party runs on a reader's page.
# The one list: the CSP's frame-src (and script-src for Telegram's widget), the
# Permissions-Policy, and the embed sanitiser, which drops frames from anywhere else.
POLOSA_EMBED_ORIGINS = env_list(
    "POLOSA_EMBED_ORIGINS",
    "https://www.youtube-nocookie.com,https://rutube.ru,https://vk.com,https://vkvideo.ru,"
    "https://t.me,https://telegram.org,https://dzen.ru,https://ok.ru",
)
# Polosa's finder builds the supported providers' markup from the address (no network
# call); other oEmbed providers are asked, their markup sanitised; the rest is refused
# with a message that lists what can be embedded.
WAGTAILEMBEDS_FINDERS = [
    {"class": "polosa.embeds.finders.ProviderFinder"},
    {"class": "polosa.embeds.finders.SanitisingOEmbedFinder"},
    {"class": "polosa.embeds.finders.RefuseTheRestFinder"},
]
CONTENT_SECURITY_POLICY = {
    # The admin is Wagtail's own pages, which rely on inline script; it is for staff only
    # and keeps Django's and Wagtail's protections (CSRF, frame options, sessions).
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Of the providers only Telegram's post widget is a script; the rest are frames.
        "script-src": ["'self'", *[o for o in POLOSA_EMBED_ORIGINS if o.endswith("telegram.org")]],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("POLOSA_MEDIA_ORIGINS", "")],
        "font-src": ["'self'"],
        "frame-src": ["'self'", *POLOSA_EMBED_ORIGINS],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if POLOSA_HTTPS:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self", *POLOSA_EMBED_ORIGINS],
    "camera": [],
    "display-capture": [],
    "encrypted-media": ["self", *POLOSA_EMBED_ORIGINS],
    "fullscreen": ["self", *POLOSA_EMBED_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *POLOSA_EMBED_ORIGINS],
    "usb": [],
}

# --- Staff sign-in: throttled, and optionally a second factor ---------------------------
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: a locked-out client is refused before any password hashing.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Per address and, separately, per account: a guessing client is stopped, and so is a
# botnet trying one account.
AXES_FAILURE_LIMIT = int(os.environ.get("POLOSA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("POLOSA_LOGIN_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# Axes' own handler forgets every failure from the address on any success, so an editor
# could guess a colleague's password between own logins; this one forgets only the
# failures against the account that signed in.
AXES_HANDLER = "polosa.staff.axes.AccountResetDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "polosa.core.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_VERBOSE = False
# Password-reset requests per address and per e-mail, and the window they are counted in.
POLOSA_PASSWORD_RESET_LIMIT = int(os.environ.get("POLOSA_PASSWORD_RESET_LIMIT", "5"))
POLOSA_PASSWORD_RESET_WINDOW = int(os.environ.get("POLOSA_PASSWORD_RESET_WINDOW", "3600"))
WAGTAILADMIN_USER_LOGIN_FORM = "polosa.staff.forms.LoginForm"
OTP_TOTP_ISSUER = os.environ.get("POLOSA_SITE_NAME", "Полоса")

# --- E-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True); printed to the console
# when unset, so a password-reset letter in development shows in the log.
EMAIL_CONFIG = dj_email_url.parse(os.environ.get("EMAIL_URL") or "console:")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG["EMAIL_HOST"] or "localhost"
EMAIL_PORT = EMAIL_CONFIG["EMAIL_PORT"] or 25
EMAIL_HOST_USER = EMAIL_CONFIG["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = EMAIL_CONFIG["EMAIL_USE_TLS"]
EMAIL_USE_SSL = EMAIL_CONFIG["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = EMAIL_CONFIG["EMAIL_TIMEOUT"] or 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Полоса <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
