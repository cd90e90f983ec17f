"""URLs of the governance app (inside /f/<association>/moten/; the board register is at styrelse/)."""

from django.urls import path

from samordna.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("nytt/", views.MeetingCreateView.as_view(), name="create"),
    path("beslutforhet/", views.QuorumView.as_view(), name="quorum"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/andra/", views.MeetingEditView.as_view(), name="edit"),
    path("<int:pk>/narvaro/", views.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/paragrafer/ny/", views.ItemAddView.as_view(), name="item-add"),
    path("<int:pk>/justering/", views.JustificationView.as_view(), name="justify"),
    path("<int:pk>/anslag/", views.PostingView.as_view(), name="posting"),
    path("<int:pk>/protokoll/", views.ProtocolDownloadView.as_view(), name="protocol"),
    path("paragraf/<int:pk>/", views.ItemEditView.as_view(), name="item-edit"),
    path("paragraf/<int:pk>/flytta/", views.ItemMoveView.as_view(), name="item-move"),
    path("paragraf/<int:pk>/ta-bort/", views.ItemDeleteView.as_view(), name="item-delete"),
    path("paragraf/<int:pk>/handling/", views.DocumentUploadView.as_view(), name="document-upload"),
    path("handling/<int:pk>/", views.DocumentDownloadView.as_view(), name="document"),
]
