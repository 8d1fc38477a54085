"""The daily upkeep as a task (TASKS_BACKEND: at once, or in a `manage.py db_worker`). `manage.py daily_upkeep`
runs the same upkeep at once: that is what a daily cron job or systemd timer calls."""

import logging

from django_tasks import task

from verification import upkeep

logger = logging.getLogger(__name__)


@task()
def daily_upkeep() -> str:
    """Expire old availability reports, flag listings overdue for verification, prune old demand counts."""
    report = str(upkeep.run())
    logger.info("Daily upkeep: %s", report)
    return report
