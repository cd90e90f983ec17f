"""Participant pages (registrars of the insats only): registration and follow-up, import, follow-up schedule."""
