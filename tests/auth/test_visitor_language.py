"""The pages met before signing in, and the error pages, in the visitor's language.

A signed-out visitor reads the language they picked with the switch on the sign-in page, or
else the one their browser asks for, or else English. Signed in, students and guardians keep
their own language and staff read English.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import Flask, render_template

from app.extensions import db
from tests.factories import PASSWORD

SPANISH_BROWSER = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.8"}
ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
NEW = "a brand new sentence"


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page as a reader sees its words: entities such as &#39; turned back into characters."""
    return unescape(response.get_data(as_text=True))


def reset_link(caplog: pytest.LogCaptureFixture) -> str:
    match = re.search(r"http://localhost(/reset/\S+)", caplog.text)
    assert match, caplog.text
    return match.group(1)


# --- Choosing the language -------------------------------------------------------------------


def test_a_spanish_browser_gets_the_sign_in_page_in_spanish(client):
    response = client.get("/login", headers=SPANISH_BROWSER)
    page = text(response)
    assert response.status_code == 200
    assert '<html lang="es"' in page
    assert "<title>Iniciar sesión · Waypoint</title>" in page
    assert "<h1>Iniciar sesión en Waypoint</h1>" in page
    assert '<label for="email">Correo electrónico</label>' in page
    assert '<label for="password">Contraseña</label>' in page
    assert "Mantener la sesión iniciada en este dispositivo" in page
    assert '<button type="submit">Iniciar sesión</button>' in page
    assert "¿Olvidó su contraseña?" in page
    assert "Sign in to Waypoint" not in page and "Forgot your password?" not in page
    # A cache must not give this page to a browser that asks for English.
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize(
    "accept_language",
    [None, "en-US,en;q=0.9", "fr-FR,fr;q=0.9", "*"],
    ids=["no-header", "english", "a-language-we-lack", "anything"],
)
def test_english_stays_the_default(client, accept_language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    page = text(client.get("/login", headers=headers))
    assert '<html lang="en"' in page
    assert "<h1>Sign in to Waypoint</h1>" in page
    assert '<label for="email">Email</label>' in page
    assert "Forgot your password?" in page


def test_the_switch_names_each_language_in_itself(client):
    page = text(client.get("/login?next=/me", headers=ENGLISH_BROWSER))
    start = page.index('<nav class="language-switch"')
    switch = page[start : page.index("</nav>", start)]
    assert 'aria-label="Language"' in switch
    assert (
        '<a href="/language/es?next=/login?next%3D/me" lang="es" hreflang="es">Español</a>'
        in switch
    )
    assert 'lang="en" hreflang="en" aria-current="true">English</a>' in switch
    # The forgotten-password page has it too; pages for signed-in people do not.
    assert 'class="language-switch"' in text(client.get("/reset"))


def test_the_switch_changes_the_language_and_remembers_it(client):
    response = client.get("/language/es?next=/login", headers=ENGLISH_BROWSER)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"

    # The browser still asks for English; the visitor's choice wins, page after page.
    for path, heading in (
        ("/login", "Iniciar sesión en Waypoint"),
        ("/reset", "Restablecer la contraseña"),
        ("/login", "Iniciar sesión en Waypoint"),
    ):
        page = text(client.get(path, headers=ENGLISH_BROWSER))
        assert '<html lang="es"' in page and f"<h1>{heading}</h1>" in page, path
    assert 'lang="es" hreflang="es" aria-current="true">Español</a>' in text(client.get("/login"))

    # And back: English even though the browser asks for Spanish.
    client.get("/language/en?next=/login")
    page = text(client.get("/login", headers=SPANISH_BROWSER))
    assert '<html lang="en"' in page and "<h1>Sign in to Waypoint</h1>" in page


def test_the_switch_keeps_where_the_visitor_was_going(client, world):
    response = client.get("/language/es?next=/login?next%3D/me")
    assert response.headers["Location"] == "/login?next=/me"
    signed_in = client.post_form(
        "/login?next=/me", {"email": world.student.email, "password": PASSWORD}
    )
    assert signed_in.headers["Location"] == "/me"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "javascript:alert(1)",
    ],
    ids=["absolute", "scheme-relative", "backslash", "tab", "newline", "javascript"],
)
def test_the_switch_only_goes_back_to_our_own_pages(client, target):
    response = client.get("/language/es", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"


def test_sign_in_refuses_the_same_disguised_addresses(client, world):
    data = {"email": world.student.email, "password": PASSWORD}
    response = client.post_form("/login?next=/%09/evil.example/", data, page="/login")
    assert response.headers["Location"] == "/"


def test_the_switch_knows_only_our_languages(client):
    assert client.get("/language/fr").status_code == 404
    assert client.get("/language/ES").status_code == 404
    page = text(client.get("/login", headers=ENGLISH_BROWSER))
    assert '<html lang="en"' in page  # nothing was remembered


# --- Signing in and out ----------------------------------------------------------------------


def test_a_wrong_password_is_explained_in_spanish(client, world):
    client.get("/language/es")
    response = client.post_form("/login", {"email": world.student.email, "password": "nope"})
    page = text(response)
    assert response.status_code == 422
    assert '<html lang="es"' in page
    assert (
        "Ese correo electrónico y esa contraseña no coinciden con ninguna cuenta. "
        "Revise los dos y vuelva a intentarlo." in page
    )
    assert f'value="{world.student.email}"' in page

    empty = text(client.post_form("/login", {"email": "", "password": ""}))
    assert "Escriba el correo electrónico con el que inicia sesión." in empty
    assert "Escriba su contraseña." in empty


def test_an_expired_sign_in_form_is_explained_in_spanish(client, world):
    client.get("/language/es")
    data = {"csrf_token": "stale", "email": world.student.email, "password": PASSWORD}
    page = text(client.post("/login", data=data))
    assert "Este formulario había caducado o no venía de esta página" in page


def test_too_many_attempts_are_explained_in_spanish(client, world):
    for _ in range(10):
        client.post_form(
            "/login", {"email": world.teacher.email, "password": "x"}, headers=SPANISH_BROWSER
        )
    response = client.post_form(
        "/login", {"email": world.teacher.email, "password": "x"}, headers=SPANISH_BROWSER
    )
    page = text(response)
    assert response.status_code == 429
    assert "<h1>Demasiados intentos</h1>" in page
    assert "Espere 15 minutos y vuelva a intentarlo, o restablezca su contraseña." in page
    assert "Restablecer mi contraseña" in page


def test_a_page_that_needs_sign_in_says_so_in_the_visitors_language(client):
    response = client.get("/me", headers=SPANISH_BROWSER)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"], headers=SPANISH_BROWSER))
    assert "Inicie sesión para ver esa página." in page


def test_signed_in_people_read_their_own_language_not_the_visitors(client, world):
    client.get("/language/es")
    client.post_form("/login", {"email": world.student.email, "password": PASSWORD})
    page = text(client.get("/me", headers=SPANISH_BROWSER))
    assert '<html lang="en"' in page and "Hi Maya!" in page  # her account says English
    client.post_form("/logout", page="/account/password")

    client.post_form("/login", {"email": world.teacher.email, "password": PASSWORD})
    page = text(client.get("/teach", headers=SPANISH_BROWSER))
    assert '<html lang="en"' in page and "Sign out" in page  # staff read English


def test_a_spanish_student_who_signs_out_is_told_so_in_spanish(client, world):
    world.student.preferred_language = "es"
    db.session.commit()
    client.post_form("/login", {"email": world.student.email, "password": PASSWORD})
    response = client.post_form("/logout", page="/account/password", headers=ENGLISH_BROWSER)
    page = text(client.get(response.headers["Location"], headers=ENGLISH_BROWSER))
    assert '<html lang="es"' in page  # the sign-in page stays in her language
    assert "Se cerró la sesión." in page and "<h1>Iniciar sesión en Waypoint</h1>" in page


def test_a_spanish_student_changes_her_password_in_spanish(client, world, sign_in):
    world.student.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.student)
    page = text(client.get("/account/password"))
    assert "<h1>Cambiar su contraseña</h1>" in page and "Contraseña actual" in page
    data = {"current_password": "wrong", "new_password": NEW, "confirm": NEW}
    assert "Esa no es su contraseña actual." in text(client.post_form("/account/password", data))
    data = {"current_password": PASSWORD, "new_password": "short", "confirm": "other"}
    page = text(client.post_form("/account/password", data))
    assert "Use al menos 10 caracteres." in page
    assert "Las dos contraseñas no coinciden." in page


# --- Forgotten passwords ---------------------------------------------------------------------


def test_the_forgotten_password_pages_in_spanish(client, world, caplog):
    caplog.set_level("WARNING")
    client.get("/language/es")
    page = text(client.get("/reset"))
    assert "<h1>Restablecer la contraseña</h1>" in page
    assert "Le enviaremos un enlace a esta dirección si pertenece a una cuenta" in page
    assert '<button type="submit">Enviar el enlace</button>' in page

    refused = text(client.post_form("/reset", {"email": "not an email"}))
    assert "Eso no parece un correo electrónico. Revise si tiene algún error de escritura." in (
        refused
    )

    sent = text(client.post_form("/reset", {"email": world.teacher.email}))
    assert "<h1>Revise su correo</h1>" in sent
    assert f"Si <strong>{world.teacher.email}</strong> pertenece a una cuenta de Waypoint" in sent
    # A teacher's email is in English, whatever the page said: staff read English.
    assert "Reset your Waypoint password" in caplog.text
    assert "Restablezca" not in caplog.text


def test_a_spanish_family_resets_their_password_in_spanish(client, world, caplog):
    world.guardian.preferred_language = "es"
    db.session.commit()
    caplog.set_level("WARNING")
    client.post_form("/reset", {"email": world.guardian.email}, headers=ENGLISH_BROWSER)
    assert "Restablezca su contraseña de Waypoint" in caplog.text
    assert f"Hola, {world.guardian.given_name}:" in caplog.text
    assert "El enlace funciona una sola vez." in caplog.text

    # The link opens in the language the email was written in, whatever the browser says.
    link = reset_link(caplog)
    page = text(client.get(link, headers=ENGLISH_BROWSER))
    assert '<html lang="es"' in page and "<h1>Elija una contraseña nueva</h1>" in page
    assert "Al menos 10 caracteres. Una frase corta es fácil de recordar." in page
    weak = {"new_password": "password123", "confirm": "password123"}
    refused = text(client.post_form(link, weak, headers=ENGLISH_BROWSER))
    assert "Esa contraseña es demasiado fácil de adivinar. Pruebe con una frase corta." in refused

    done = client.post_form(link, {"new_password": NEW, "confirm": NEW}, headers=ENGLISH_BROWSER)
    assert done.status_code == 303
    page = text(client.get(done.headers["Location"], headers=ENGLISH_BROWSER))
    assert "Su contraseña está guardada. Inicie sesión con ella ahora." in page
    assert '<html lang="es"' in page

    gone = client.get(link, headers=SPANISH_BROWSER)
    assert gone.status_code == 410
    assert "<h1>Este enlace ya no funciona</h1>" in text(gone)


def test_the_emailed_address_is_shown_as_text(app: Flask):
    with app.test_request_context(headers=SPANISH_BROWSER):
        page = render_template("auth/reset_sent.html", email="<b>x</b>@example.org")
    assert "<strong>&lt;b&gt;x&lt;/b&gt;@example.org</strong>" in page


# --- Error pages -----------------------------------------------------------------------------


def test_a_spanish_visitor_gets_a_spanish_404(client):
    response = client.get("/no-such-page", headers=SPANISH_BROWSER)
    page = text(response)
    assert response.status_code == 404
    assert '<html lang="es"' in page
    assert "Error 404" in page and "<h1>No encontramos esa página</h1>" in page
    assert "Puede que se haya movido o que el enlace esté mal escrito." in page
    assert 'href="/login" role="button">Ir a iniciar sesión</a>' in page


def test_a_spanish_student_gets_a_spanish_404(client, world, sign_in):
    world.student.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.student)
    page = text(client.get(f"/students/{world.other_student.id}", headers=ENGLISH_BROWSER))
    assert '<html lang="es"' in page and "<h1>No encontramos esa página</h1>" in page
    assert 'href="/" role="button">Ir a mi página de inicio</a>' in page


def test_a_teachers_404_stays_english(client, world, sign_in):
    client.get("/language/es")
    world.teacher.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.teacher)
    page = text(client.get("/no-such-page", headers=SPANISH_BROWSER))
    assert '<html lang="en"' in page and "<h1>We can't find that page</h1>" in page
    assert "Go to my home page" in page


def test_an_english_visitors_404_is_unchanged(client):
    page = text(client.get("/no-such-page"))
    assert '<html lang="en"' in page and "<h1>We can't find that page</h1>" in page
    assert "It may have moved, or the link may be mistyped." in page
    assert "Go to sign in" in page
