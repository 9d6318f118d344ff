"""URLs of the officers' audit trail (included by web/urls.py under /<city>/)."""

from django.urls import path

from web import views_audit

urlpatterns = [
    path("officer/audit/", views_audit.audit_trail, name="officer_audit"),
    path("officer/audit.csv", views_audit.audit_csv, name="officer_audit_csv"),
]
