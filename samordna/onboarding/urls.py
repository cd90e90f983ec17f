"""Onboarding pages under /f/<association>/."""

from django.urls import path

from samordna.onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("import/", views.OrganisationImportView.as_view(), name="import"),
]
