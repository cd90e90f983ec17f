"""Web hardening (issue #11 items 13–14): security headers, no-store, the Swedish error pages, DEBUG-off defaults."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from samordna.publications.testing import sample_publication
from samordna.reporting.renderers import FORMATS
from samordna.testing.cast import Cast

REPO = Path(settings.PACKAGE_DIR).parent
PACKAGE = Path(settings.PACKAGE_DIR)


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    """The headers every response carries, whatever it is."""
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no nonce: no inline script
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "style-src-attr" not in policy  # no inline style attributes: the charts need none (svg_charts)
    assert not any("'unsafe-inline'" in sources for sources in policy.values())
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def participant_list_url(cast: Cast) -> str:
    return reverse(
        "participants:list", kwargs={"association": cast.a.association.slug, "intervention": cast.a.intervention.pk}
    )


def finsam_url(cast: Cast) -> str:
    return reverse("reports:uppfoljning-finsam", kwargs={"association": cast.a.association.slug})


def api_url(cast: Cast) -> str:
    return f"/api/v1/associations/{cast.a.association.slug}/interventions/"


# -- security headers ---------------------------------------------------------------------------------------------


def test_security_headers_on_a_page_an_export_and_the_api(cast: Cast, client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    sample_publication(cast.a)  # the published Finsam file reads the year's publication
    page = admin.get(finsam_url(cast))
    export = admin.get(finsam_url(cast) + "?format=csv&year=2025")
    api = admin.get(api_url(cast))
    login = Client().get(reverse("login"))
    for response in (page, export, api, login):
        assert response.status_code == 200, response
        assert_security_headers(response)
    assert export["Content-Disposition"].startswith("attachment")


def test_hsts_and_secure_redirect_when_https_only(cast: Cast) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000):
        client = Client()
        client.force_login(cast.user("admin"))
        plain = client.get(finsam_url(cast))
        assert plain.status_code == 301
        assert plain["Location"].startswith("https://")
        for path in (finsam_url(cast), finsam_url(cast) + "?format=json&year=2024", api_url(cast)):
            response = client.get(path, secure=True)
            assert response.status_code == 200
            assert response["Strict-Transport-Security"] == "max-age=31536000"
            assert_security_headers(response)


def _settings_in_subprocess(env: dict[str, str]) -> dict[str, str]:
    """Import the settings in a fresh interpreter (not under pytest, so not TESTING) with `env`; report some."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'samordna.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " ','.join(s.ALLOWED_HOSTS))"
    )
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}}
    clean.update({"SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:///:memory:", **env})
    out = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True, cwd=REPO, timeout=120
    )
    keys = ["debug", "redirect", "hsts", "session_secure", "csrf_secure", "hosts"]
    return dict(zip(keys, out.stdout.split(), strict=True))


def test_debug_off_turns_on_https_redirect_hsts_and_secure_cookies_by_default() -> None:
    values = _settings_in_subprocess({"DEBUG": "false", "ALLOWED_HOSTS": "samordna.example.se"})
    assert values == {
        "debug": "False",
        "redirect": "True",
        "hsts": "31536000",
        "session_secure": "True",
        "csrf_secure": "True",
        "hosts": "samordna.example.se",
    }


def test_the_make_run_switches_serve_the_local_http_demo_with_debug_off() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=true" not in run
    assert "DEBUG=false" in run and "HTTPS_ONLY=false" in run
    values = _settings_in_subprocess({"DEBUG": "false", "HTTPS_ONLY": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"})
    assert values == {
        "debug": "False",
        "redirect": "False",
        "hsts": "0",
        "session_secure": "False",
        "csrf_secure": "False",
        "hosts": "127.0.0.1,localhost",
    }
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    assert "HTTPS_ONLY=" in example


# -- no inline script ---------------------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
HX_ON = re.compile(r"\shx-on[:-]", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, HX_ON):
            offenders += [f"{template.relative_to(PACKAGE)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert offenders == []


def test_pages_with_htmx_load_their_scripts_from_static_files(cast: Cast, client_for: Callable[[str], Client]) -> None:
    registrar = client_for("registrar")
    slug, pk = cast.a.association.slug, cast.a.intervention.pk
    for url in (
        reverse("participants:register-in", kwargs={"association": slug, "intervention": pk}),
        reverse("participants:import", kwargs={"association": slug}),
    ):
        html = registrar.get(url).content.decode()
        assert INLINE_SCRIPT.search(html) is None
        assert '"includeIndicatorStyles": false' in html  # htmx injects no <style> (the CSP would block it)
        assert re.search(r'<script src="/static/participants/[a-z-]+\.js" defer>', html)


# -- Cache-Control: no-store --------------------------------------------------------------------------------------


def assert_no_store(response) -> None:  # type: ignore[no-untyped-def]
    assert "no-store" in response["Cache-Control"]


def test_no_store_on_participant_pages(cast: Cast, client_for: Callable[[str], Client]) -> None:
    registrar = client_for("registrar")
    slug = cast.a.association.slug
    for url in (
        participant_list_url(cast),
        reverse("participants:home", kwargs={"association": slug}),
        reverse("participants:due", kwargs={"association": slug}),
    ):
        response = registrar.get(url)
        assert response.status_code == 200
        assert_no_store(response)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_store_on_every_export_format(fmt: str, cast: Cast, client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    slug = cast.a.association.slug
    publication = sample_publication(cast.a)
    for url in (
        finsam_url(cast) + f"?format={fmt}&year=2025",
        reverse("finance:followup", kwargs={"association": slug}) + f"?format={fmt}",
        reverse("publications:detail", kwargs={"association": slug, "pk": publication.pk}) + f"?format={fmt}",
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert_no_store(response)
        assert_security_headers(response)


def test_no_store_on_the_import_template_and_the_api(cast: Cast, client_for: Callable[[str], Client]) -> None:
    template = client_for("registrar").get(reverse("participants:import-template", kwargs={"association": "alfa"}))
    assert template.status_code == 200
    assert_no_store(template)
    api = client_for("registrar").get(f"/api/v1/associations/{cast.a.association.slug}/enrollments/")
    assert api.status_code == 200
    assert_no_store(api)


def test_an_aggregate_page_and_static_files_stay_cacheable(cast: Cast, client_for: Callable[[str], Client]) -> None:
    page = client_for("admin").get(reverse("organisations:member-list", kwargs={"association": "alfa"}))
    assert page.status_code == 200
    assert "no-store" not in page.get("Cache-Control", "")


# -- Swedish error pages with DEBUG off ---------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_a_missing_url_gives_the_swedish_404_without_the_url_list(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    for client in (Client(), client_for("admin")):
        response = client.get("/finns-inte/alls/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Sidan finns inte" in html
        assert "URLconf" not in html and "konto/logga-in" not in html and "Page not found" not in html
        assert "api/v1" not in html
        assert_security_headers(response)


@override_settings(DEBUG=False, ROOT_URLCONF="samordna.core.tests.urls_error")
def test_a_server_error_gives_the_swedish_500_page(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/provfel/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Något gick fel" in html and 'lang="sv"' in html
    assert "Traceback" not in html and "provfel" not in html and "RuntimeError" not in html
    assert_security_headers(response)
