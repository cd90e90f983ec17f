"""Gunicorn's access log without the client for the anonymous survey form (docs/privacy.md, "Enkäter").

Gunicorn's default access line holds the client's address, its user agent and the referrer. For the public survey
routes (`/enkat/…`, no login) `PrivacyLogger` writes those as "-", and every request or environment header too,
so nothing in the server's log can tie an answer to a device. Other routes are logged as before.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

#: Path prefixes whose access lines name no client.
PRIVATE_PREFIXES = ("/enkat/",)
#: The atoms that describe the client.
CLIENT_ATOMS = ("h", "a", "f", "u")


class PrivacyLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger; the access line of a public survey request names no client."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        if str(environ.get("PATH_INFO") or "").startswith(PRIVATE_PREFIXES):
            for key in list(atoms):
                if key in CLIENT_ATOMS or key.endswith(("}i", "}e")):
                    atoms[key] = "-"
        return atoms
