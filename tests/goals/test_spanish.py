"""A Spanish-speaking student fills in every form in Spanish: labels, hints, choices, the errors
the forms and the pure rules give, the flash after saving, and the words Python writes (PDSA
stages and next steps, the journal, the continuum's method, kinds and chart). An
English-speaking student still reads the same pages in English."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from flask import url_for

from app.continuum.models import Evidence, EvidenceKind
from app.extensions import db
from app.pdsa.stages import Stage
from tests.family.story import tell_story
from tests.goals.builders import make_cycle, make_goal

HTMX = {"HX-Request": "true"}


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page as a reader sees its words: entities such as &#39; turned back into characters."""
    return unescape(response.get_data(as_text=True))


@pytest.fixture()
def spanish(world, client, sign_in):  # type: ignore[no-untyped-def]
    """The world's student, signed in, reading Spanish."""
    world.student.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.student)
    return world.student


def test_the_check_in_form_in_spanish(client, world, spanish):
    goal = make_goal(spanish, title="Add fractions with unlike denominators")
    page = text(client.get("/me/check-in"))
    assert "<h1>Registro semanal</h1>" in page
    assert "Semana del 23 nov 2026 al 29 nov 2026." in page
    assert "¿Qué salió bien esta semana?" in page and "¿Qué fue difícil?" in page
    assert "Recién empiezo" in page and "Muy seguro/a" in page  # the 1–5 scales' words
    assert "Compartir este registro con mi familia" in page
    assert "Guardar mi registro" in page
    assert "Save my check-in" not in page and "What went well" not in page

    refused = client.post_form("/me/check-in", {"week_start": "2026-11-23"})
    assert refused.status_code == 422
    page = text(refused)
    assert "Escribe al menos una cosa que salió bien." in page
    assert "Valora tu progreso en esta meta, del 1 al 5." in page

    saved = client.post_form(
        "/me/check-in",
        {
            "week_start": "2026-11-23",
            "confidence": "4",
            "went_well": "Terminé las fracciones.",
            "hard": "Nada.",
            "next_step": "Repasar el lunes.",
            f"goal_{goal.id}": "3",
        },
        headers=HTMX,
    )
    assert "Registro guardado. ¡Hasta la próxima semana!" in text(saved)
    assert "Actualizar mi registro" in text(saved)


def test_the_goal_form_and_its_rules_in_spanish(client, world, spanish):
    url = f"/students/{spanish.id}/goals/new"
    page = text(client.get(url))
    assert "¿Qué harás exactamente?" in page and "Estrategias que usarás" in page
    assert "Ninguna competencia" in page and "Guardar la meta" in page
    answers = {"title": "Resolver ecuaciones", "why": "Para álgebra.", "strategies": "Practicar."}

    past = text(client.post_form(url, {**answers, "due_on": "2026-11-01"}))
    assert "Elige una fecha de hoy en adelante: una meta necesita una fecha límite" in past

    orphan_level = text(
        client.post_form(url, {**answers, "due_on": "2026-12-20", "target_level": "3"})
    )
    assert (
        "Elige la competencia a la que pertenece este nivel, o deja el nivel vacío." in orphan_level
    )
    wrong_level = text(
        client.post_form(
            url,
            {
                **answers,
                "due_on": "2026-12-20",
                "competency_id": str(world.competency.id),
                "target_level": "0",
            },
        )
    )
    assert (
        f"Esa competencia no tiene nivel 0. Sus niveles son: {', '.join(map(str, range(1, 13)))}."
        in wrong_level
    )

    saved = client.post_form(url, {**answers, "due_on": "2026-12-20"})
    assert saved.status_code == 303
    goal_page = text(client.get(saved.headers["Location"]))
    assert "Meta guardada. Valorarás tu progreso en ella en cada registro semanal." in goal_page


def test_a_pdsa_stage_form_in_spanish(client, world, spanish):
    page = text(client.get(f"/students/{spanish.id}/pdsa/new"))
    assert "Etapa 1 de 4: Planificar." in page and "El cambio que probaré" in page
    assert "Ninguna meta" in page and "Guardar mi plan" in page
    refused = text(client.post_form(f"/students/{spanish.id}/pdsa/new", {"by_on": "2026-11-01"}))
    assert "Di qué cambio vas a probar." in refused
    assert "Elige una fecha de hoy en adelante: es cuando mirarás atrás." in refused

    cycle = make_cycle(spanish)
    do_page = text(client.get(f"/pdsa/{cycle.id}/do"))
    assert "Hacer: Do five problems" in do_page  # the stage named in Spanish
    assert "Lo que registré" in do_page and "Guardar lo que hice" in do_page
    early = text(client.post_form(f"/pdsa/{cycle.id}/act", {"decision": "adopt"}))
    assert (
        "Termina primero Hacer: las etapas van Planificar, Hacer, Estudiar y luego Actuar." in early
    )
    assert "No se guardó nada; lo que escribiste sigue aquí." in early
    assert "Adaptar: cambiarlo y probar otra vez" in early

    done = client.post_form(
        f"/pdsa/{cycle.id}/do", {"what_happened": "Lo hice cuatro días.", "recorded": "3, 4, 4"}
    )
    assert done.status_code == 303
    assert "Guardado. Ahora compara lo que pasó con tu predicción." in text(
        client.get(f"/pdsa/{cycle.id}")
    )


def test_the_home_page_names_stages_next_steps_and_the_journal_in_spanish(client, world, spanish):
    make_goal(spanish, title="Add fractions")
    make_cycle(spanish, done=(Stage.DO,))
    page = text(client.get("/me"))
    assert "Ahora: Estudiar" in page
    assert "Compara lo que pasó con tu predicción y anota lo que aprendiste." in page
    assert "Fijé una meta: Add fractions" in page and "Probé el cambio:" in page
    assert "· Meta" in page and "· PHEA" in page
    assert "Set a goal:" not in page and "Tried the change" not in page


def test_the_self_assessment_form_in_spanish(client, world, spanish):
    url = f"/students/{spanish.id}/self-assessments/new?competency={world.competency.id}&level=7"
    page = text(client.get(url))
    assert "¿Qué tan bien puedo hacer esto ahora?" in page and "Por qué lo creo" in page
    assert "Elige una puntuación…" in page and ">Nivel 7<" in page
    assert "Guardar mi autoevaluación" in page
    refused = text(
        client.post_form(url, {"competency": world.competency.id, "level": 7, "score": ""})
    )
    assert "Elige una puntuación." in refused
    saved = client.post_form(url, {"competency": world.competency.id, "level": 7, "score": "2"})
    assert saved.status_code == 303
    evidence_page = text(client.get(saved.headers["Location"]))
    assert "Tu autoevaluación está guardada." in evidence_page
    assert "Autoevaluaciones" in evidence_page and "No cuentan para el dominio" in evidence_page


def test_the_continuum_page_in_spanish(client, world, spanish):
    tell_story(world)
    db.session.add(
        Evidence(
            student_id=spanish.id,
            competency_id=world.competency.id,
            level=7,
            score=2,
            kind=EvidenceKind.FORMATIVE,
            observed_on=date(2026, 11, 20),
            recorded_by_id=world.teacher.id,
        )
    )
    db.session.commit()
    with client.application.test_request_context():
        url = url_for("continuum.student_continuum", student_id=spanish.id)
        chart = url_for(
            "continuum.level_chart", student_id=spanish.id, framework_id=world.framework.id
        )
    page = text(client.get(url))
    assert "Marco" in page and "Todos los marcos" in page and "A fecha de" in page
    assert "Media con decaimiento" in page  # the mastery method
    assert "1 formativa" in page  # the evidence kinds, counted
    assert "Gráfico del nivel de Mathematics del 24 ago 2026 al 25 nov 2026" in page
    assert "La tabla de abajo muestra cada cambio." in page
    assert "Decaying average" not in page and "Chart of the" not in page

    past = text(client.get(url + "?as_of=2026-10-01"))
    assert "El continuo tal como estaba el <strong>1 oct 2026</strong>." in past
    future = text(client.get(url + "?as_of=2030-01-01"))
    assert "Elige hoy o una fecha anterior." in future

    svg = client.get(chart).get_data(as_text=True)
    assert "Nivel esperado" in svg and "1 oct" in svg and "el nivel a lo largo del tiempo" in svg


def test_an_english_speaking_student_still_reads_english(client, world, sign_in):
    story = tell_story(world)
    student = world.student
    sign_in(client, student)
    check_in = text(client.post_form("/me/check-in", {"week_start": "2026-11-23"}))
    assert "What went well this week?" in check_in and "Save my check-in" in check_in
    assert "Write at least one thing that went well." in check_in
    goal_form = text(client.get(f"/students/{student.id}/goals/new"))
    assert "What exactly will you do?" in goal_form and "No competency" in goal_form
    early = text(client.post_form(f"/pdsa/{story.shared_cycle.id}/act", {}))
    assert "Finish Do first: the stages go Plan, Do, Study, then Act." in early
    continuum = text(client.get(f"/students/{student.id}/continuum?as_of=2030-01-01"))
    assert "Choose today or an earlier date." in continuum
    assert "Decaying average" in continuum and "Chart of the Mathematics level" in continuum
    home = text(client.get("/me"))
    assert "Now: Do" in home and "Set a goal: Add fractions with unlike denominators" in home
