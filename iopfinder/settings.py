"""IOP Finder settings: one module, every deployment difference read from the environment.

See .env.example for every variable with a safe value.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    """Read a yes/no variable; a value that is neither fails loudly instead of guessing."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_WORDS:
        return True
    if value.strip().lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def envlist(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value before starting "
            "with DEBUG off (or set DEBUG=1 for local development only)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "programs",
    "facilities",
    # After facilities: its admin extends the Facility admin with the CSV tools.
    "imports",
    "search",
    "learn",
    "corrections",
    "updates",
    "verification",
    "hsds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's: /es/… Spanish, every other address English (iopfinder/urls.py). Before
    # CommonMiddleware, as Django asks, and before the rate limits and the page cache, whose answers it words.
    "django.middleware.locale.LocaleMiddleware",
    "iopfinder.languages.api_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "iopfinder.ratelimit.RateLimitMiddleware",
    "iopfinder.pagecache.PageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iopfinder.urls"

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
                "iopfinder.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "iopfinder.wsgi.application"

# Unset DATABASE_URL means the embedded SQLite file, good for a first run and for tests.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A read replica, optional: public pages read from it; curators, admin, every write, commands and tasks use the
# primary (iopfinder/db_router.py). Unset: everything on the primary, no router.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    # A replica takes no writes, so no test database either: tests read the primary's through a second connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["iopfinder.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "iopfinder.db_router.replica_reads",
    )
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: PostgreSQL compiles any plan it estimates dear (jit_above_cost), and a search's count is estimated
        # dear though it runs in milliseconds; compiling it took 250 ms at 100,000 facilities (BENCHMARKS.md).
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        # Server-side binding: PostgreSQL gets a query's text and its values apart, so a search from any place is one
        # statement, which psycopg prepares once it has run DATABASE_PREPARE_THRESHOLD times on a connection: planned
        # once, not on every request (a results page's planning was about 0.7 ms, BENCHMARKS.md). 0: values bound in
        # the client and nothing prepared (behind PgBouncer in transaction mode, which cannot keep a connection's
        # prepared statements).
        if (threshold := envint("DATABASE_PREPARE_THRESHOLD", 5)) > 0:
            _database["OPTIONS"].update(server_side_binding=True, prepare_threshold=threshold)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: with REDIS_URL (e.g. redis://127.0.0.1:6379/0) one shared by every worker and process, so the search
# choices and the rate limits are the same whichever worker answers; without it, each process's own memory, which
# is enough for one process (`make run`). Redis failing never fails a page (iopfinder/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "iopfinder.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "iopfinder"),
            # A dead or stuck Redis costs a request at most this long, once; then pages go on without it.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (iopfinder/pagecache.py): anonymous answers of the search page, facility pages and API kept in the
# cache above, served while the listings have not changed, for at most PAGE_CACHE_SECONDS; browsers and a CDN may
# keep them PAGE_CACHE_MAX_AGE seconds. On by default only with REDIS_URL: a cache of each process's own would not
# learn of a write made through another process. PAGE_CACHE=0 turns it off (the benchmark measures both ways).
PAGE_CACHE = envbool("PAGE_CACHE", bool(REDIS_URL))
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_MAX_AGE = envint("PAGE_CACHE_MAX_AGE", 30)
# After a write, pages are not kept for this long when public reads come from a replica that may lag behind.
PAGE_CACHE_AFTER_WRITE_SECONDS = envint("PAGE_CACHE_AFTER_WRITE_SECONDS", 5 if DATABASE_REPLICA_URL else 0)
# What a search shows of each listing, its card and API result (search/fragments.py), kept in the cache above by the
# listings' data version: like the page cache, on by default only with REDIS_URL, for the same reason.
# FRAGMENT_CACHE=0 makes them anew for every answer.
FRAGMENT_CACHE = envbool("FRAGMENT_CACHE", bool(REDIS_URL))
FRAGMENT_CACHE_SECONDS = envint("FRAGMENT_CACHE_SECONDS", 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site in English at the root and in Spanish under /es/ (iopfinder/urls.py); the API by its `lang`
# parameter or Accept-Language (search/api.py). The admin stays English. Spanish words are in locale/es, compiled
# by `make` (iopfinder/catalogue.py); the vocabularies' Spanish names are fields of their rows.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["iopfinder.formats"]  # US Spanish numbers: 2.5, not 2,5
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# Files curators upload wait here, private to this user (0700), until applied, cancelled or a day old.
UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", "") or BASE_DIR / "var" / "uploads")

# Long work (the imports curators start in admin) runs as a task (imports/tasks.py; django-tasks, the backport of
# Django 6's django.tasks). "immediate" (the default): at once, inside the request that starts it, so `make run` and
# the tests need no other process. "database": queued in the database and run by `manage.py db_worker`, any number of
# them on the same database, so a page answers at once however long the import takes.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip().lower() or "immediate"
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'immediate' or 'database'; got {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
# Production (`make serve`): collectstatic names each file by its content's hash and compresses it, and WhiteNoise
# lets browsers, a proxy or a CDN keep it for a year; a new release's file is a new name. Off by default: the
# names need collectstatic first, which development, the tests and the benchmark do not run.
STATIC_HASHED = envbool("STATIC_HASHED", False)
if STATIC_HASHED:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGIN_URL = "admin:login"

# Admin sessions end when the browser closes, and after a working day without a request.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # so the age counts from the last request: idle time, not time since sign-in

# Rate limits per client (iopfinder/ratelimit.py): group -> (requests, per seconds). A person searching clicks a
# few times a minute; a script hammering the site gets a 429 with Retry-After. Counted in the cache (shared with
# REDIS_URL). RATELIMIT_ENABLE=0 switches them off (the load tests do).
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
RATE_LIMITS = {
    "search": (envint("RATELIMIT_SEARCH_PER_MINUTE", 60), 60),
    "api": (envint("RATELIMIT_API_PER_MINUTE", 120), 60),
    "corrections": (envint("RATELIMIT_CORRECTIONS_PER_HOUR", 5), 60 * 60),  # corrections sent (POST) an hour
    "updates": (envint("RATELIMIT_UPDATES_PER_HOUR", 10), 60 * 60),  # program update forms sent (POST) an hour
}
# The views limited, by URL name (or namespace:* for every view of one): the public forms and the API. A
# "name POST" entry counts only that method (the correction form may be opened as often as one likes).
RATE_LIMITED_VIEWS = {
    "search:results": "search",
    "facilities:compare": "search",
    "api:*": "api",
    "hsds:*": "api",  # the HSDS API shares the API's limit
    "corrections:suggest POST": "corrections",
    "updates:* POST": "updates",  # a program's update form, and its "ask for a new link"
}

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one username, or from one client, no
# password is checked for LOGIN_LOCKOUT_MINUTES; the lockout page says so (429). Failures are logged and listed in
# admin under "Axes"; an account manager unlocks by deleting the attempts there or `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = envbool("LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one: a user under attack, or a client attacking
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "iopfinder.clients.client_ip"

# HTTPS and proxies. Behind a TLS-terminating proxy set TRUST_X_FORWARDED_PROTO=1 so Django
# knows the original request was HTTPS; only do that when the proxy overwrites the header.
if envbool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", False)
# Behind a proxy that appends the client's address to X-Forwarded-For: count clients by it (iopfinder/clients.py).
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Street-address geocoding (the geocode_facilities command and an admin action); off unless GEOCODER is set.
# Nominatim's usage policy: a user agent that identifies this site, at most one request a second.
GEOCODER = os.environ.get("GEOCODER", "").strip().lower()  # "" (none) or "nominatim"
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "").strip()
GEOCODER_DOMAIN = os.environ.get("GEOCODER_DOMAIN", "").strip() or "nominatim.openstreetmap.org"
GEOCODER_TIMEOUT = envint("GEOCODER_TIMEOUT", 10)  # seconds
if GEOCODER not in {"", "nominatim"}:
    raise ImproperlyConfigured(f"GEOCODER must be empty or 'nominatim'; got {GEOCODER!r}.")
if GEOCODER and not GEOCODER_USER_AGENT:
    raise ImproperlyConfigured("GEOCODER_USER_AGENT must identify this site (with a contact) when GEOCODER is set.")

# Map tiles: the one outside request the site makes, and only when a person opens a map.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tiles = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc}" if _tiles.scheme in {"http", "https"} and _tiles.netloc else ""
if not MAP_TILE_ORIGIN:
    raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL; got {MAP_TILE_URL!r}.")

# Content-Security-Policy (django-csp): scripts, styles, fonts, images and requests from the site itself only; map
# tiles from the tile server only; no inline script or style; no framing; forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, MAP_TILE_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy: "Use my location" may ask for the position on this site; nothing else may use these.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# The Curators group created by a migration; the create_curator command adds users to it.
CURATORS_GROUP = "Curators"

# Demand (facilities/demand.py): how often each listing is shown and opened, counted per day in each process's
# memory and written to the database every DEMAND_FLUSH_SECONDS (0: only when flushed by hand, as tests do).
DEMAND_COUNTING = envbool("DEMAND_COUNTING", True)
DEMAND_FLUSH_SECONDS = envint("DEMAND_FLUSH_SECONDS", 60)

# Email (the links curators send programs to update their listing). Without EMAIL_HOST, messages are printed to the
# console (development, `make run`); with it, sent by SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IOP Finder <listings@localhost>")
# The site's own address, for links in email (a curator's request gives it when there is one).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
# A program's update link (updates/) works once, for this many days.
UPDATE_LINK_DAYS = envint("UPDATE_LINK_DAYS", 14)

# Listings nobody has verified for this many months are hidden from search results; 0 (the default) keeps them.
HIDE_UNVERIFIED_AFTER_MONTHS = envint("HIDE_UNVERIFIED_AFTER_MONTHS", 0)
