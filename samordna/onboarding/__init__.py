"""Onboarding: filling a förbund from an organisation JSON file (`organisation`: reading, validation, applying)."""
