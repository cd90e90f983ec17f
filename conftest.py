"""Root conftest: load the shared fixtures (the test cast, the E2E browser) for every app's tests."""

pytest_plugins = ["samordna.testing.fixtures", "samordna.testing.e2e"]
