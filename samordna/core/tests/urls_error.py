"""A URLconf for the 500-page test: the real site plus one view that fails."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from samordna.urls import urlpatterns as site_patterns


def fail(request: HttpRequest) -> HttpResponse:
    """Always raises, as an unexpected bug would."""
    raise RuntimeError("provfel")


urlpatterns = [path("provfel/", fail), *site_patterns]
