"""The E2E harness itself: which browser it drives, and skip-or-fail when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from samordna.testing import e2e


def test_configured_chromium_is_used_when_it_exists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    binary = tmp_path / "chromium"
    binary.write_text("#!/bin/sh\n")
    monkeypatch.setenv("SAMORDNA_CHROMIUM", str(binary))
    assert e2e.chromium_path() == str(binary)
    monkeypatch.setenv("SAMORDNA_CHROMIUM", str(tmp_path / "saknas"))
    assert e2e.chromium_path() is None


def test_missing_browser_skips_with_a_reason_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMORDNA_REQUIRE_E2E", raising=False)
    with pytest.raises(pytest.skip.Exception, match="E2E hoppas över: ingen Chromium.*apt-get install"):
        e2e._missing_browser("ingen Chromium")


@pytest.mark.parametrize("flag", ["1", "true"])
def test_missing_browser_fails_when_ci_requires_e2e(monkeypatch: pytest.MonkeyPatch, flag: str) -> None:
    monkeypatch.setenv("SAMORDNA_REQUIRE_E2E", flag)
    with pytest.raises(pytest.fail.Exception, match="kräver Chromium.*SAMORDNA_REQUIRE_E2E=1"):
        e2e._missing_browser("ingen Chromium")
