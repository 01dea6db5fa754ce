"""Settings for the load test's gunicorn: the project's settings with DEBUG off.

Imported with DJANGO_DEBUG unset (as bench/run.py does in-process), then DEBUG switched
off, so no query log or template debug info, but without the HTTPS-only hardening
(secure cookies, SSL redirect): gunicorn is reached over plain HTTP on 127.0.0.1 only,
where a TLS proxy would normally sit in front.
"""

from config.settings import *  # noqa: F403

DEBUG = False
