"""The `survey` report kind (placeholder, filled in below)."""


def register_kinds() -> None:
    """Register the `survey` report kind."""
