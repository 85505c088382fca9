from tests.factories import PASSWORD


def test_login_through_the_real_form_lands_on_the_role_home(client, world):
    page = client.get("/login")
    assert page.status_code == 200
    response = client.post_form(
        "/login", {"email": world.teacher.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 303
    home = client.get("/", follow_redirects=True)
    assert "My classes" in home.get_data(as_text=True)
    assert "Mathematics 6 · Studio A" in home.get_data(as_text=True)
