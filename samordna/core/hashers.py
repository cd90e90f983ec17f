"""The password hasher: Argon2id with the parameters OWASP's password storage cheat sheet recommends.

Django's own Argon2 hasher asks for 100 MiB of memory and 8 lanes per hash. A login then briefly holds 100 MiB,
and four logins at once in one gunicorn process (its four threads) held 485 MB: fifty people logging in at eight
in the morning would take the server past its memory (bench/load_test.py). OWASP's configuration (19 MiB, two
passes, one lane) costs an attacker as much per guess in time × memory, at a fifth of the memory per login.
The algorithm's name stays `argon2`, so the hashes already stored are read as before and Django rewrites each
one with these parameters at the user's next login (`must_update`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB, t = 2, p = 1 (OWASP Password Storage Cheat Sheet)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
