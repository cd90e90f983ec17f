"""URLs of the documents (inside /f/<association>/dokument/)."""

from django.urls import path

from samordna.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("ny/", views.DocumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("<int:pk>/fil/", views.DocumentFileView.as_view(), name="file"),
    path("<int:pk>/text/<slug:section>/", views.TextView.as_view(), name="text"),
    path("<int:pk>/faststall/", views.FreezeView.as_view(), name="freeze"),
    path("<int:pk>/nytt-utkast/", views.NewDraftView.as_view(), name="new-draft"),
    path("<int:pk>/jamfor/", views.CompareView.as_view(), name="compare"),
]
