"""Polosa's one settings module: every knob comes from the environment.

Defaults give a working development site (embedded SQLite under ``var/``, local-memory
cache, DEBUG on); production sets ``DEBUG=0`` plus ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL`` and ``REDIS_URL``.
"""

import os
from pathlib import Path

import dj_database_url


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

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
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
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
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
]

MIDDLEWARE = [
    # First: a hit is answered before any other middleware runs (and before Django, by
    # polosa.wsgi's PageCacheApplication, when served by polosa serve).
    "polosa.core.pagecache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "polosa.core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
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

# --- Security in production ------------------------------------------------------------
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
