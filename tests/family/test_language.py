"""Students and guardians choose their language; pages they read follow it, staff pages stay
in English."""

from __future__ import annotations

from flask import url_for

from app.extensions import db
from tests.family.story import SHARED_WELL, tell_story


def test_a_student_switches_to_spanish_and_back(client, world, sign_in):
    sign_in(client, world.student)
    assert "Hi Maya!" in client.get("/me").get_data(as_text=True)
    response = client.post_form("/account/language", {"language": "es"})
    assert response.status_code == 303
    home = client.get("/me").get_data(as_text=True)
    assert "¡Hola, Maya!" in home
    assert '<html lang="es"' in home
    assert "Mi aprendizaje" in home and "Cerrar sesión" in home  # the nav and the menu too
    client.post_form("/account/language", {"language": "en"})
    assert "Hi Maya!" in client.get("/me").get_data(as_text=True)


def test_an_unknown_language_is_refused_beside_the_field(client, world, sign_in):
    sign_in(client, world.guardian)
    response = client.post_form("/account/language", {"language": "fr"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.refresh(world.guardian)
    assert world.guardian.preferred_language == "en"


def test_a_spanish_family_home(client, world, sign_in):
    world.guardian.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.guardian)
    page = client.get("/family").get_data(as_text=True)
    assert "Bienvenido/a, Gina" in page
    assert "Resumen de progreso" in page and "Descargar el PDF" in page
    assert "Grado 6" in page


def test_staff_pages_stay_in_english(client, world, sign_in):
    world.teacher.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get("/teach").get_data(as_text=True)
    assert '<html lang="en"' in page and "Sign out" in page
    assert client.get("/account/language").status_code == 404


def test_a_spanish_family_reads_their_childs_profile_in_spanish(client, world, sign_in):
    world.guardian.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.guardian)
    page = client.get(f"/students/{world.student.id}").get_data(as_text=True)
    assert "Metas y ciclos de mejora" in page
    assert "(los compartidos con la familia)" in page
    assert "Estudiantes" in page  # the class card
    assert f"/students/{world.student.id}/summary" in page


def test_a_spanish_family_reads_shared_check_ins_and_cycles_in_spanish(client, world, sign_in):
    tell_story(world)
    world.guardian.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.guardian)
    with client.application.test_request_context():
        urls = {
            name: url_for(endpoint, student_id=world.student.id)
            for name, endpoint in [
                ("check_ins", "goals.check_ins"),
                ("cycles", "pdsa.list_cycles"),
                ("goals", "goals.list_goals"),
            ]
        }
    page = client.get(urls["check_ins"]).get_data(as_text=True)
    assert "Semana a semana" in page and "Salió bien:" in page and SHARED_WELL in page
    assert "Ánimo" not in page  # the how-I-feel rating never reaches a family
    cycles = client.get(urls["cycles"]).get_data(as_text=True)
    assert "Ciclo 1" in cycles and "Ahora: Hacer" in cycles  # its plan is written
    goals = client.get(urls["goals"]).get_data(as_text=True)
    assert "En curso" in goals and "Activa" in goals


def test_a_spanish_speaking_student_reads_their_continuum_in_spanish(client, world, sign_in):
    tell_story(world)
    world.student.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.student)
    with client.application.test_request_context():
        url = url_for("continuum.student_continuum", student_id=world.student.id)
    page = client.get(url).get_data(as_text=True)
    assert "Mi continuo" in page and "Continuo de aprendizaje" in page
    assert "trabajando en el nivel 7" in page
    assert "I can do 1.1 at level 7." in page  # the framework's own words stay as written
