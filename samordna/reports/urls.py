"""URLs of the report pages (inside /f/<association>/rapporter/)."""

from django.urls import path

from samordna.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsHomeView.as_view(), name="home"),
    path("uppfoljning-finsam/", views.UppfoljningFinsamView.as_view(), name="uppfoljning-finsam"),
]
