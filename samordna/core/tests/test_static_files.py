"""Static files with hashed names and far-future cache headers in production (issue #19 item 3).

Production stores static files with WhiteNoise's CompressedManifestStaticFilesStorage: `collectstatic` writes
each file also under a name with its content hash, `{% static %}` links that name, and WhiteNoise serves it with
a cache lifetime of ten years (a changed file gets a new name). Tests run without collectstatic, on the plain
storage; the production path is checked here in fresh processes with DEBUG off.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

PACKAGE = Path(settings.PACKAGE_DIR)
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")

PROBE = """
import django
django.setup()
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
client = Client()
url = static("samordna/samordna.css")
print(settings.STORAGES["staticfiles"]["BACKEND"])
print(url)
print(client.get(url).headers.get("Cache-Control"))
login = client.get(reverse("login"))
print(login.status_code, url in login.content.decode())
"""


def test_every_static_file_a_template_names_exists() -> None:
    """A name missing from the manifest would be a 500 in production (ValueError from the storage)."""
    names = {
        name
        for template in PACKAGE.rglob("templates/**/*.html")
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    assert "samordna/samordna.css" in names
    missing = sorted(name for name in names if finders.find(name) is None)
    assert missing == []


def test_production_links_hashed_names_served_with_far_future_cache(tmp_path: Path) -> None:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}}
    env = {
        **keep,
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SAMORDNA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "samordna.settings",
    }
    manage = [sys.executable, "-m", "django"]
    collected = subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], env=env, capture_output=True, text=True, timeout=300
    )
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert probe.returncode == 0, probe.stderr
    backend, url, cache_control, login = probe.stdout.strip().splitlines()
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert re.fullmatch(r"/static/samordna/samordna\.[0-9a-f]{12}\.css", url)
    assert "immutable" in cache_control and "max-age=315360000" in cache_control
    assert login == "200 True"  # pages link the hashed name
