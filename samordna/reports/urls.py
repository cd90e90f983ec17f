"""URLs of the report pages (inside /f/<association>/rapporter/)."""

from django.urls import path

from samordna.reports import participant_views, views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsHomeView.as_view(), name="home"),
    path("uppfoljning-finsam/", views.UppfoljningFinsamView.as_view(), name="uppfoljning-finsam"),
    path("deltagare/", participant_views.ParticipantsReportView.as_view(), name="participants"),
]
