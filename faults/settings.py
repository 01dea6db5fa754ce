"""Settings of the fault runs: the project's settings with DEBUG off, as in production.

Imported with DJANGO_DEBUG unset (the scripts remove it), then DEBUG switched off: no query
log, no debug pages, but without the HTTPS-only hardening, since gunicorn is reached over
plain HTTP on 127.0.0.1 (as bench/load_settings.py does).
"""

from config.settings import *  # noqa: F403

DEBUG = False
