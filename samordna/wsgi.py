"""WSGI entry point (gunicorn samordna.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
application = get_wsgi_application()
