import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milanpartner.settings")

app = Celery("milanpartner")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Where tasks go when no queue is named (follow-up tasks too): a test's worker gets a queue of its own.
app.conf.task_default_queue = os.environ.get("CELERY_DEFAULT_QUEUE") or "celery"
app.autodiscover_tasks()
