"""The password hasher: OWASP's Argon2id parameters, and stored hashes with Django's defaults upgraded at login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.test import override_settings

from samordna.core.hashers import Argon2idHasher

PRODUCTION_HASHERS = [
    "samordna.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD = "ett-långt-lösenord-9"  # noqa: S105


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_new_hash_uses_owasp_parameters() -> None:
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idHasher)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_hash_with_django_defaults_still_logs_in_and_is_rewritten() -> None:
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    user = get_user_model().objects.create(username="gammal", password=old)
    assert user.check_password(PASSWORD)
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
    assert not user.check_password("fel-lösenord-123")
