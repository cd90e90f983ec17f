"""Root conftest: load the shared fixtures (the test cast) for every app's tests."""

pytest_plugins = ["samordna.testing.fixtures"]
