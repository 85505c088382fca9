"""A class's family PDFs in one ZIP: in the request without Redis, on an RQ worker with it;
the cache that skips unchanged students, the progress fragment, and an empty class."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.family import render
from app.family.cache import data_stamps
from app.family.models import BatchStatus, PdfBatch
from app.schools.models import EnrollmentRole
from app.schools.queries import section_student_ids
from tests.factories import enroll, link_guardian, make_section, make_student
from tests.family.conftest import pdf_text
from tests.family.story import add_evidence, tell_story
from tests.querycount import count_queries

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def _class_of_three(world) -> None:
    tell_story(world)
    world.guardian.preferred_language = "es"
    kid = make_student(world.school, section=world.section, given_name="Íñigo", family_name="Núñez")
    link_guardian(world.other_guardian, kid)
    make_student(world.school, section=world.section, given_name="Ada", family_name="Alone")
    db.session.commit()


def _start(client, world, language: str = "family"):
    return client.post_form(f"/sections/{world.section.id}/family-pdfs", {"language": language})


def _zip(client, location: str) -> zipfile.ZipFile:
    response = client.get(f"{location}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_a_teacher_gets_the_class_in_one_zip_in_each_familys_language(client, world, sign_in):
    _class_of_three(world)
    sign_in(client, world.teacher)
    response = _start(client, world)
    assert response.status_code == 303
    location = response.headers["Location"]
    status = client.get(location).get_data(as_text=True)
    assert "Ready:" in status and "3 summaries" in status
    archive = _zip(client, location)
    names = sorted(archive.namelist())
    assert names == [
        "Alone-Ada-progress-2026-11-25-en.pdf",  # no guardian: English
        "Lopez-Maya-progress-2026-11-25-es.pdf",  # her guardian reads Spanish
        "Nunez-Inigo-progress-2026-11-25-en.pdf",
    ]
    maya = pdf_text(archive.read("Lopez-Maya-progress-2026-11-25-es.pdf"))
    assert "Resumen de progreso de Maya Lopez" in maya
    ada = pdf_text(archive.read("Alone-Ada-progress-2026-11-25-en.pdf"))
    assert "Progress summary for Ada Alone" in ada and "just beginning" in ada


def test_all_in_one_language(client, world, sign_in):
    _class_of_three(world)
    sign_in(client, world.leader)
    location = _start(client, world, "es").headers["Location"]
    names = _zip(client, location).namelist()
    assert all(name.endswith("-es.pdf") for name in names) and len(names) == 3


def test_a_second_batch_reuses_unchanged_pdfs(client, world, sign_in, monkeypatch):
    _class_of_three(world)
    sign_in(client, world.teacher)
    _start(client, world)
    made: list[int] = []
    real = render.summary_pdf
    monkeypatch.setattr(render, "summary_pdf", lambda s: made.append(s.student_id) or real(s))
    _start(client, world)
    second = db.session.scalars(select(PdfBatch).order_by(PdfBatch.id.desc())).first()
    assert second.status is BatchStatus.DONE and second.reused == 3 and made == []
    add_evidence(world)  # Maya's data changes: only her PDF is made again
    _start(client, world)
    assert made == [world.student.id]


def test_the_single_pdf_download_uses_the_cache_too(client, world, sign_in, monkeypatch):
    tell_story(world)
    sign_in(client, world.guardian)
    first = client.get(f"/students/{world.student.id}/summary.pdf").data
    monkeypatch.setattr(render, "summary_pdf", lambda s: pytest.fail("rendered again"))
    assert client.get(f"/students/{world.student.id}/summary.pdf").data == first


def test_an_empty_class_gets_a_clear_message_and_no_zip(client, world, sign_in):
    empty = make_section(world.school, world.year, "Empty studio")
    enroll(empty, world.teacher, EnrollmentRole.TEACHER)
    db.session.commit()
    sign_in(client, world.teacher)
    response = client.post_form(f"/sections/{empty.id}/family-pdfs", {"language": "family"})
    assert response.status_code == 422
    assert "no students yet" in response.get_data(as_text=True)
    assert db.session.scalars(select(PdfBatch)).all() == []


def test_the_status_fragment_polls_until_done(client, world, sign_in):
    batch = PdfBatch(
        section_id=world.section.id,
        requested_by_id=world.teacher.id,
        language="family",
        total=4,
        done=1,
        status=BatchStatus.RUNNING,
    )
    db.session.add(batch)
    db.session.commit()
    sign_in(client, world.teacher)
    url = f"/sections/{world.section.id}/family-pdfs/{batch.id}"
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="batch-status"')
    assert 'hx-trigger="every 1s"' in fragment
    assert '<progress id="batch-progress-' in fragment and 'value="1" max="4"' in fragment
    assert "Refresh" in fragment  # without JavaScript, a link to this page
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and 'id="batch-status"' in page
    batch.status, batch.done = BatchStatus.DONE, 4
    db.session.commit()
    done = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in done and "Download the ZIP" in done
    assert client.get(f"{url}/download").status_code == 404  # done, but its file is gone


def test_fingerprints_of_a_class_cost_one_query(world):
    tell_story(world)
    for i in range(3):
        make_student(world.school, section=world.section, family_name=f"Kid{i}")
    db.session.commit()
    with count_queries() as few:
        data_stamps(section_student_ids(world.section.id))
    for i in range(30):
        make_student(world.school, section=world.section, family_name=f"More{i}")
    db.session.commit()
    with count_queries() as many:
        stamps = data_stamps(section_student_ids(world.section.id))
    assert len(few) == len(many) == 1
    assert "evidence" in stamps[world.student.id] and "conferences" in stamps[world.student.id]


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis answered at {REDIS_TEST_URL}")
    return client


def test_with_redis_the_batch_runs_on_an_rq_worker(client, world, sign_in, app: Flask, monkeypatch):
    redis = _redis_or_skip()
    from rq import Queue, SimpleWorker

    from app.family.jobs import QUEUE

    redis.flushdb()
    _class_of_three(world)
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_TEST_URL)
    sign_in(client, world.teacher)
    location = _start(client, world).headers["Location"]
    batch = db.session.scalars(select(PdfBatch)).one()
    assert batch.status is BatchStatus.QUEUED  # handed to the worker, not made in the request
    assert "Waiting for a worker" in client.get(location).get_data(as_text=True)
    queue = Queue(QUEUE, connection=redis)
    assert queue.count == 1
    SimpleWorker([queue], connection=redis).work(burst=True)
    db.session.expire_all()
    batch = db.session.get(PdfBatch, batch.id)
    assert batch.status is BatchStatus.DONE and batch.done == 3
    assert len(_zip(client, location).namelist()) == 3
    redis.flushdb()


def test_a_failed_batch_says_so_and_leaves_no_zip(client, world, sign_in, pdf_dir, monkeypatch):
    _class_of_three(world)
    from app.family import batch as batch_module

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr(batch_module, "cached_summary_pdf", broken)
    sign_in(client, world.teacher)
    location = _start(client, world).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "A PDF could not be made" in page and "Try again" in page
    batch = db.session.scalars(select(PdfBatch)).one()
    assert batch.status is BatchStatus.FAILED
    assert client.get(f"{location}/download").status_code == 404
    assert not list((pdf_dir / "batches").glob("*"))  # not even a partial file
