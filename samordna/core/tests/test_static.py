"""The stylesheet is found and served; a missing static file is a 404, not a crash."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory


def test_the_project_stylesheet_is_found_by_collectstatic() -> None:
    found = finders.find("samordna/samordna.css")
    assert found is not None
    assert ":focus-visible" in Path(found).read_text(encoding="utf-8")


def test_static_files_are_served_and_a_missing_one_is_a_404(db: None) -> None:
    handler = StaticFilesHandler(WSGIHandler())
    css = handler.get_response(RequestFactory().get("/static/samordna/samordna.css"))
    assert css.status_code == 200
    missing = handler.get_response(RequestFactory().get("/static/samordna/finns-inte.css"))
    assert missing.status_code == 404
    assert "Sidan finns inte" in missing.content.decode()
