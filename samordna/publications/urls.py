"""URLs of the publications (inside /f/<association>/publiceringar/)."""

from django.urls import path

from samordna.publications import views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("ny/", views.ReleaseView.as_view(), name="release"),
    path("<int:pk>/", views.PublicationDetailView.as_view(), name="detail"),
]
