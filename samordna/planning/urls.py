"""Verksamhetsplan pages under /f/<association>/plan/."""

from django.urls import path

from samordna.planning import import_views

app_name = "planning"

urlpatterns = [
    path("importera/", import_views.PlanImportView.as_view(), name="import"),
]
