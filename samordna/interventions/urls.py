"""URLs of the interventions app (inside /f/<association>/insatser/)."""

from django.urls import path

from samordna.interventions import views

app_name = "interventions"

urlpatterns = [
    path("", views.InterventionListView.as_view(), name="list"),
    path("ny/", views.InterventionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InterventionDetailView.as_view(), name="detail"),
    path("<int:pk>/andra/", views.InterventionUpdateView.as_view(), name="edit"),
    path("<int:pk>/bemanning/", views.StaffingEditView.as_view(), name="staffing"),
    path("<int:pk>/volymer/", views.VolumeTargetSetView.as_view(), name="volume-set"),
    path("<int:pk>/antal/", views.VolumeCountView.as_view(), name="counts"),
]
