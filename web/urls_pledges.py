"""URLs of the pledges pages (included by web/urls.py under /<city>/)."""

urlpatterns: list = []
