from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext, refresh
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

# The module, not its names: app.i18n imports app.auth.models, which loads this package (and
# so this module) first when app.i18n is the first to be imported.
from app import i18n
from app.auth import bp
from app.auth.forms import (
    ActionForm,
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from app.auth.services import (
    authenticate,
    change_password,
    issue_reset_link,
    normalise_email,
    reset_password,
    usable_reset_token,
)
from app.auth.sessions import end_session, start_session
from app.extensions import db, limiter

WRONG_CREDENTIALS = _l("That email and password do not match an account. Check both and try again.")


def _account_key() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))


def _failed(response: object) -> bool:
    return getattr(response, "status_code", 200) != 303


def _login_limit() -> str:
    return str(current_app.config["LOGIN_FAILURE_LIMIT"])


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a crafted link cannot send someone elsewhere after sign-in.

    Browsers drop tabs and line breaks from a URL ("/\t/evil.example" is "//evil.example") and
    read "\\" as "/", so a target with either, or any other control character, is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed, key_func=_account_key)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"), 303)
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            start_session(user, remember=bool(form.remember.data))
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"), 303)
        form.password.errors.append(WRONG_CREDENTIALS)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/language/<language>", endpoint="choose_language")
def choose_language(language: str) -> ResponseReturnValue:
    """The sign-in page's language links: a display preference kept in the session.

    A GET, so the links work without JavaScript; it changes nothing but the words this
    browser is shown before signing in, so it needs no CSRF token.
    """
    if language not in i18n.LANGUAGES:
        abort(404)
    i18n.remember_visitor_language(language)
    return redirect(safe_next(request.args.get("next")) or url_for("auth.login"), 303)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated and ActionForm().validate_on_submit():
        user = current_user._get_current_object()
        reader = user.role in i18n.READER_ROLES
        end_session(user)
        db.session.commit()
        if reader:
            # The sign-in page they land on stays in their language.
            i18n.remember_visitor_language(i18n.account_language(user))
        refresh()  # signed out: the message is in the language the sign-in page will use
        flash(gettext("You are signed out."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/account/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_page() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if change_password(user, form.current_password.data or "", form.new_password.data or ""):
            db.session.commit()
            flash(
                gettext("Your password is changed. Other devices have been signed out."),
                "success",
            )
            return redirect(url_for("home.index"), 303)
        form.current_password.errors.append(gettext("That is not your current password."))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/change_password.html", form=form), status


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def request_reset() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        issue_reset_link(form.email.data or "")
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_page(token: str) -> ResponseReturnValue:
    row = usable_reset_token(token)
    if row is None:
        return render_template("auth/reset_invalid.html"), 410
    if row.user.role in i18n.READER_ROLES and not i18n.visitor_chose_language():
        i18n.use_language(i18n.account_language(row.user))  # as their email was written
    form = ResetPasswordForm()
    if form.validate_on_submit():
        reset_password(row, form.new_password.data or "")
        db.session.commit()
        i18n.remember_visitor_language(str(get_locale()))  # sign in in the language just read
        flash(gettext("Your password is set. Sign in with it now."), "success")
        return redirect(url_for("auth.login"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status
