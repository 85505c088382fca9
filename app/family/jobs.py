"""Running a batch of family PDFs: on an RQ worker when REDIS_URL is set, else right here.

The worker is started with

    rq worker --url "$REDIS_URL" waypoint

from the project folder with the same environment as the web app (DATABASE_URL,
WAYPOINT_INSTANCE_DIR or FAMILY_PDF_DIR, ...): the job opens the app itself, and the ZIPs must
land in the folder the web app serves them from.
"""

from __future__ import annotations

import warnings

from flask import current_app, has_app_context

from app import clock
from app.db import utcnow
from app.extensions import db
from app.family.batch import make_zip
from app.family.models import BatchStatus, PdfBatch
from app.schools.models import Section

# pygal's import hook warns (ImportWarning) about every module that is not installed, and redis
# and rq look for optional modules as they load: import them once, quietly.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ImportWarning)
    from redis import Redis
    from rq import Queue

QUEUE = "waypoint"
JOB_TIMEOUT = 30 * 60  # seconds: a very large class on a slow machine, with room to spare


def queue_batch(batch: PdfBatch) -> bool:
    """Hand the batch to RQ if Redis is configured; False means the caller runs it now."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return False
    queue = Queue(QUEUE, connection=Redis.from_url(url))
    queue.enqueue(run_batch_job, batch.id, job_timeout=JOB_TIMEOUT)
    return True


def run_batch_job(batch_id: int) -> None:
    """The RQ entry point: inside the app if one is active (tests), else a fresh one."""
    if has_app_context():
        run_batch(batch_id)
        return
    from app import create_app

    with create_app().app_context():
        run_batch(batch_id)


def run_batch(batch_id: int) -> None:
    """Make the batch's ZIP, committing progress after each PDF so the page can show it."""
    batch = db.session.get(PdfBatch, batch_id)
    if batch is None or batch.status.is_finished:
        return
    section = db.session.get(Section, batch.section_id)
    assert section is not None  # the batch row is deleted with its section
    batch.status = BatchStatus.RUNNING
    db.session.commit()
    try:
        make_zip(batch, section, clock.today(), progress=db.session.commit)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("Family PDF batch %s failed", batch_id)
        batch = db.session.get(PdfBatch, batch_id)
        assert batch is not None
        batch.status = BatchStatus.FAILED
        batch.error = "A PDF could not be made. The error has been logged; please try again."
        batch.finished_at = utcnow()
        db.session.commit()
        return
    batch.status = BatchStatus.DONE
    batch.finished_at = utcnow()
    db.session.commit()
