"""URLs of the ngo pages (included by web/urls.py under /<city>/)."""

urlpatterns: list = []
