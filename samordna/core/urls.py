"""URLs of the core app (inside /f/<association>/)."""

from django.urls import path

from samordna.core import views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("granskningslogg/", views.AuditListView.as_view(), name="audit-list"),
]
