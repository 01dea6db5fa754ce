"""Settings, all from the environment.

With no environment at all the app runs for a newcomer: a SQLite file in the project
folder, Celery tasks executed in-process, DEBUG on and a loud development key.
Production (DJANGO_DEBUG=False) refuses to start without DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _env_str(name, default=""):
    # An empty variable counts as unset (dj-database-url and django-environ return no
    # engine for DATABASE_URL="", see CONTRIBUTING.md, trap 2).
    value = os.environ.get(name, "").strip()
    return value or default


DEBUG = env.bool("DJANGO_DEBUG", default=True) if _env_str("DJANGO_DEBUG") else True

_DEV_KEY = "django-insecure-KUNCI-PENGEMBANGAN-JANGAN-DIPAKAI-DI-PRODUKSI-0123456789"
SECRET_KEY = _env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY wajib diisi bila DJANGO_DEBUG=False (mode produksi)."
        )
    SECRET_KEY = _DEV_KEY

ALLOWED_HOSTS = [
    h.strip()
    for h in _env_str("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "pegawai",
    "bebankerja",
    "mutasi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 400 for a NUL character in the path, a query parameter or a form field (config/middleware.py)
    "config.middleware.TolakKarakterNul",
    # Zero-setup mode only: beat's jobs (the daily TMT) run in-process (config/middleware.py)
    "config.middleware.TugasTerjadwalTanpaWorker",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from this
# site; no inline scripts or styles anywhere (behaviour lives in static/js/app.js). `data:`
# images are Bootstrap's own SVG icons in its CSS. Set CSP_LAPOR_SAJA=True to send the
# policy as Report-Only while checking a customised template (docs/operations.md).
from csp.constants import NONE, SELF  # noqa: E402

_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env.bool("CSP_LAPOR_SAJA", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

ROOT_URLCONF = "config.urls"

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
                "pegawai.context_processors.peran",
                "mutasi.context_processors.menunggu",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database -------------------------------------------------------------------------
if _env_str("DATABASE_URL"):
    DATABASES = {"default": env.db_url_config(_env_str("DATABASE_URL"))}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth & sessions ------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login path (pages, admin, API) authenticates through this backend: one lock.
AUTHENTICATION_BACKENDS = ["pegawai.akun.BackendTerkunci"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"
# Idle timeout in hours, not weeks (docs/reliability.md, sessions).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Failed logins allowed per (username, address) per hour before the login is refused.
LOGIN_GAGAL_MAKS = env.int("LOGIN_GAGAL_MAKS", default=10)
# Digits 13–14 of a PPPK number: sources give a fixed code 21 or a two-digit count of work
# agreements. Lenient by default (any two digits); True requires 21 (docs/domain.md).
NIP_PPPK_KODE_21_WAJIB = env.bool("NIP_PPPK_KODE_21_WAJIB", default=False)

# --- I18N -----------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # years and codes stay "2026"; counts use |intcomma
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static & media -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files live outside static/ and are only ever served through views that check
# permission first; there is no MEDIA_URL route.
MEDIA_ROOT = Path(_env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
# Upper bounds for spreadsheet imports, checked before parsing.
IMPOR_MAKS_BYTE = env.int("IMPOR_MAKS_BYTE", default=50 * 1024 * 1024)
IMPOR_MAKS_BARIS = env.int("IMPOR_MAKS_BARIS", default=300_000)
# Imports with more rows than this run as a background task with a progress bar.
IMPOR_BATAS_LATAR = env.int("IMPOR_BATAS_LATAR", default=2000)
# PostgreSQL: an employee import of at least this many rows drops and re-creates the foreign
# keys of the employee and history tables (one set-based check instead of one per row), under
# an exclusive lock asked for with this timeout (docs/impor.md, "Impor massal"). 0 = never.
IMPOR_BARIS_MASSAL = env.int("IMPOR_BARIS_MASSAL", default=20_000)
IMPOR_KUNCI_TUNGGU_MS = env.int("IMPOR_KUNCI_TUNGGU_MS", default=2000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = _env_str("CELERY_BROKER_URL")
if CELERY_BROKER_URL:
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # Zero-setup mode: tasks run in-process, inline, when queued. The in-memory transport
    # keeps kombu from looking for an AMQP server on localhost.
    # With a host name: kombu warns "No hostname was supplied" for a bare "memory://".
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Our tasks are idempotent: acknowledge after running so a crash re-delivers them
# (docs/reliability.md, Celery tasks).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must never hang a request when Redis is down (celery#4296).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # One connection attempt: a retry sleeps interval_start (2 s) first, which held every
    # request that published 2 s per message while Redis was down (docs/faults.md).
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
# Periodic tasks are added by the apps that own them (see bebankerja, mutasi).
CELERY_BEAT_SCHEDULE = {}
# ABK: full recompute plus the dirty-unit outbox; repairs any lost message (bebankerja).
# Every 15 minutes; the fault scripts (faults/) set a few seconds to watch it repair.
ABK_REKONSILIASI_DETIK = int(_env_str("ABK_REKONSILIASI_DETIK", str(15 * 60)))
CELERY_BEAT_SCHEDULE["abk-rekonsiliasi"] = {
    "task": "bebankerja.tasks.rekonsiliasi",
    "schedule": ABK_REKONSILIASI_DETIK,
    # A run queued behind a stuck worker is dropped once the next one is due.
    "options": {"expires": max(1, ABK_REKONSILIASI_DETIK * 14 // 15)},
}
# After a mass employee import: foreign keys validated, name index built again (pegawai.tasks).
# Queued by the import itself; this hourly run only catches a message that was lost.
# Import jobs whose lease ran out (worker killed, message lost): re-queued or ended.
CELERY_BEAT_SCHEDULE["impor-sapu"] = {
    "task": "pegawai.tasks.sapu_impor",
    "schedule": 5 * 60,
    "options": {"expires": 4 * 60},
}
CELERY_BEAT_SCHEDULE["impor-rapikan"] = {
    "task": "pegawai.tasks.rapikan_setelah_impor",
    "schedule": 3600,
    "options": {"expires": 3000},
}

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = _env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = _env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = _env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = _env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = _env_str("DJANGO_DEFAULT_FROM_EMAIL", "bkd@localhost")

# --- Production hardening -------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Mutasi ---------------------------------------------------------------------------
# Eligibility rules and their defaults (docs/domain.md "Mutasi", docs/mutasi.md). A Pemda
# overrides any key with the JSON variable MUTASI_ATURAN, e.g. '{"masa_ikatan_tahun": 10}'.
MUTASI_ATURAN = {
    "cpns_dilarang": True,
    # Lock-in from TMT PNS; TMT PNS = TMT CPNS (NIP digits 9-14) + masa_cpns_bulan.
    "masa_ikatan_tahun": 5,  # to confirm per formation year
    # [[first formation year, years], ...]: e.g. [[2019, 10]] for recent formations.
    "masa_ikatan_per_formasi": [],
    "masa_cpns_bulan": 12,
    "minimal_tahun_di_jabatan": 2,
    "hukuman_disiplin_dilarang": True,
    "tugas_belajar_dilarang": True,
    "jarak_bup_tahun": 1,
    "tujuan_harus_kekurangan": True,
    "pendidikan_minimal": True,
    # Rules that also bind a transfer BKD files for organisational need.
    "berlaku_kebutuhan_organisasi": [
        "hukuman_disiplin", "tugas_belajar", "bup", "kebutuhan_tujuan", "pendidikan",
    ],
}
MUTASI_ATURAN.update(env.json("MUTASI_ATURAN", default={}))
# Documents required per asal_permohonan: "*" for every reason, plus per reason.
MUTASI_DOKUMEN_WAJIB = {
    "permintaan_sendiri": {
        "*": ["surat_permohonan", "sk_cpns", "sk_pns", "sk_pangkat", "skp",
              "pernyataan_disiplin"],
        "kesehatan": ["surat_dokter"],
        "ikut_pasangan": ["sk_pasangan"],
    },
    # The organisation's reasons: the workload figures are in the app (ABK); other needs
    # are set out in a staff study (telaah staf / nota dinas).
    "kebutuhan_organisasi": {"*": ["sk_pangkat"], "organisasi_lainnya": ["telaah_staf"]},
}
MUTASI_DOKUMEN_WAJIB.update(env.json("MUTASI_DOKUMEN_WAJIB", default={}))
# Four eyes: the BKD officer who excepted an eligibility rule on a request may not approve
# it too. A one-person BKD sets MUTASI_EMPAT_MATA=False.
MUTASI_EMPAT_MATA = env.bool("MUTASI_EMPAT_MATA", default=True)
# "Lainnya" reasons: the justification needs at least this many characters.
MUTASI_JUSTIFIKASI_MIN_RINCI = env.int("MUTASI_JUSTIFIKASI_MIN_RINCI", default=30)
MUTASI_UNGGAH_MAKS_BYTE = env.int("MUTASI_UNGGAH_MAKS_BYTE", default=5 * 1024 * 1024)

# SK mutasi (decree): legal basis, considerations and copy list. The Pemda's name, kepala
# daerah, place, signatory and number pattern are BKD's Profil Pemda (pegawai.ProfilPemda,
# edited in the app); the values here only fill that profile the first time it is used.
# Override any key with the JSON variable MUTASI_SK.
MUTASI_SK: dict[str, Any] = {
    # {n}: the year's sequence number, {tahun}: the year of the decree date.
    "format_nomor": "800.1.6.4/{n:04d}/BKPSDM/{tahun}",
    "pemda": "Pemerintah Kabupaten Contoh",
    "kepala_daerah": "Bupati Contoh",
    "tempat": "Contoh",
    "menimbang": [
        "bahwa dalam rangka pembinaan karier dan pemenuhan kebutuhan pegawai sesuai analisis "
        "beban kerja, dipandang perlu melakukan mutasi Pegawai Negeri Sipil;",
        "bahwa Pegawai Negeri Sipil yang namanya tercantum dalam Keputusan ini memenuhi "
        "syarat untuk dimutasi;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
        "menetapkan Keputusan tentang Mutasi Pegawai Negeri Sipil;",
    ],
    "dasar_hukum": [
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil "
        "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020;",
        "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan "
        "Mutasi;",
    ],
    "penandatangan_nama": "NAMA BUPATI",
    "penandatangan_jabatan": "Bupati Contoh",
    "penandatangan_nip": "",
    "tembusan_bkn": "Kepala Kantor Regional Badan Kepegawaian Negara",
}
MUTASI_SK.update(env.json("MUTASI_SK", default={}))
# The Pemda's logo (Profil Pemda, printed on decrees): PNG or JPEG up to this size.
PEMDA_LOGO_MAKS_BYTE = env.int("PEMDA_LOGO_MAKS_BYTE", default=512 * 1024)
# Sense of an SK's dates (mutasi.keputusan.periksa_tanggal_sk): a date more than
# tanggal_maks_hari ahead is refused; more than tanggal_ingatkan_hari ahead, a TMT more than
# tmt_ingatkan_hari after the SK date or before it must be confirmed explicitly.
MUTASI_SK_TANGGAL = {"tanggal_maks_hari": 90, "tanggal_ingatkan_hari": 7,
                     "tmt_ingatkan_hari": 365}
MUTASI_SK_TANGGAL.update(env.json("MUTASI_SK_TANGGAL", default={}))
# Every 5 minutes: requests whose TMT has come take effect (mutasi.tasks.terapkan_tmt). A
# decree with TMT today is applied right after it is issued; if that was cut short (the web
# process killed after the commit), this sweep applies the rest of the decree within
# minutes, not the next day. A run with nothing due is one indexed query.
CELERY_BEAT_SCHEDULE["mutasi-terapkan-tmt"] = {
    "task": "mutasi.tasks.terapkan_tmt",
    "schedule": 5 * 60,
    "options": {"expires": 4 * 60},
}
# Zero-setup mode runs beat's schedule in-process, before the first request at which each
# job is due (config/middleware.py). Tests turn it off (conftest.py) except where tested.
TUGAS_TERJADWAL_DALAM_PROSES = env.bool("TUGAS_TERJADWAL_DALAM_PROSES",
                                        default=CELERY_TASK_ALWAYS_EAGER)
# Absolute address of the site, for links in e-mails; `make run` sets it from HOST.
SITE_URL = _env_str("SITE_URL", "http://localhost:8000")
