"""URLs of the reports app (inside /f/<association>/rapporter/)."""

from django.urls import path

from samordna.reports import participant_views

app_name = "reports"

urlpatterns = [
    path("deltagare/", participant_views.ParticipantsReportView.as_view(), name="participants"),
]
