"""URLs of the organisations app (inside /f/<association>/)."""

from django.urls import path

from samordna.organisations import views

app_name = "organisations"

urlpatterns = [
    path("medlemmar/", views.MemberListView.as_view(), name="member-list"),
    path("medlemmar/ny/", views.MemberCreateView.as_view(), name="member-create"),
    path("medlemmar/<int:pk>/", views.MemberDetailView.as_view(), name="member-detail"),
    path("medlemmar/<int:pk>/andra/", views.MemberUpdateView.as_view(), name="member-edit"),
    path("medlemmar/<int:pk>/folkmangd/", views.PopulationSetView.as_view(), name="member-population"),
    path("medlemmar/<int:pk>/uttrade/", views.MemberLeaveView.as_view(), name="member-leave"),
    path("medlemmar/<int:pk>/ateruppta/", views.MemberRejoinView.as_view(), name="member-rejoin"),
    path("styrelse/", views.BoardListView.as_view(), name="board-list"),
    path("styrelse/ny/", views.BoardSeatCreateView.as_view(), name="board-create"),
    path("styrelse/<int:pk>/andra/", views.BoardSeatUpdateView.as_view(), name="board-edit"),
    path("styrelse/<int:pk>/ta-bort/", views.BoardSeatDeleteView.as_view(), name="board-delete"),
    path("styrelse/<int:pk>/avsluta/", views.BoardSeatEndView.as_view(), name="board-end"),
    path("styrelse/<int:pk>/ateruppta/", views.BoardSeatResumeView.as_view(), name="board-resume"),
    path("styrelse/angra/", views.BoardSeatUndoView.as_view(), name="board-undo"),
]
