"""URLs of funding applications (inside /f/<association>/ansokningar/)."""

from django.urls import path

from samordna.governance import application_views as views

app_name = "applications"

urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="list"),
    path("ny/", views.ApplicationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/andra/", views.ApplicationEditView.as_view(), name="edit"),
    path("<int:pk>/beredning/", views.ApplicationPrepareView.as_view(), name="prepare"),
    path("<int:pk>/beslut/", views.ApplicationDecideView.as_view(), name="decide"),
]
