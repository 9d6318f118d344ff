"""Celery tasks of the geography app: thin interfaces onto its services."""

import logging

from celery import shared_task

from neighborhoods.models import City
from neighborhoods.services import need_index_recompute

logger = logging.getLogger(__name__)


@shared_task
def recompute_need_index(city_id: int) -> int:
    """Recompute one city's need index; enqueue it with transaction.on_commit. Safe to re-run."""
    city = City.objects.filter(pk=city_id).first()
    if city is None:
        # Deleted between enqueueing and running: nothing left to score.
        logger.info("need index not recomputed: city %s no longer exists", city_id)
        return 0
    return need_index_recompute(city=city)
