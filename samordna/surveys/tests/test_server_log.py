"""The server's access log names no client for the anonymous survey form, and still does for other routes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from gunicorn.config import Config

from samordna.gunicorn_logging import PrivacyLogger


def _atoms(path: str) -> dict[str, object]:
    logger = PrivacyLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Mobilwebbläsare/1.0",
        "HTTP_REFERER": "https://example.org/",
    }
    req = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.4"), ("USER-AGENT", "Mobilwebbläsare/1.0")])
    resp = SimpleNamespace(status="302 Found", headers=[], sent=0)
    return logger.atoms(resp, req, environ, dt.timedelta(milliseconds=5))


def test_public_survey_lines_name_no_client() -> None:
    atoms = _atoms("/enkat/abcdefghijklmnop/")
    text = repr(atoms)
    assert "203.0.113.9" not in text and "198.51.100.4" not in text and "Mobilwebbläsare" not in text
    assert atoms["h"] == "-" and atoms["s"] == "302"


def test_other_lines_are_as_before() -> None:
    assert _atoms("/konto/logga-in/")["h"] == "203.0.113.9"


def test_the_server_settings_use_it() -> None:
    from samordna import gunicorn_conf

    assert gunicorn_conf.logger_class == "samordna.gunicorn_logging.PrivacyLogger"
