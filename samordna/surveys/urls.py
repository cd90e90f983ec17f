"""URLs of the surveys app (inside /f/<association>/enkater/)."""

app_name = "surveys"

urlpatterns: list = []
