"""URLs of the manage pages (included by web/urls.py under /<city>/)."""

urlpatterns: list = []
