"""URLs of the activities app (inside /f/<association>/aktiviteter/)."""

from django.urls import path

from samordna.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("ny/", views.EventCreateView.as_view(), name="create"),
    path("import/", views.EventImportView.as_view(), name="import"),
    path("rapport/", views.EventReportView.as_view(), name="report"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/andra/", views.EventUpdateView.as_view(), name="edit"),
    path("<int:pk>/ta-bort/", views.EventDeleteView.as_view(), name="delete"),
    path("<int:pk>/deltagande/", views.AttendanceEditView.as_view(), name="attendance"),
]
