"""Sign-in, password change and reset. Services flush; the route commits."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update

from app import i18n  # the module: app.i18n loads app.auth first (see auth/routes.py)
from app.auth.mail import send_mail
from app.auth.models import PasswordResetToken, User, token_digest
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.auth.sessions import revoke_all_sessions, revoke_other_sessions
from app.db import utcnow
from app.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user if the email and password match an enabled account, else None.

    Both kinds of failure look the same to the caller, so the page cannot tell them apart.
    """
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_enabled:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, current: str, new: str) -> bool:
    if not verify_password(user.password_hash, current):
        return False
    user.password_hash = hash_password(new)
    revoke_other_sessions(user)
    db.session.flush()
    return True


def issue_reset_link(email: str) -> None:
    """Mail a one-time link if the address is known; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        current_app.logger.info("Password reset asked for an unknown address")
        return
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_digest=token_digest(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    db.session.flush()
    link = url_for("auth.reset_password", token=token, _external=True)
    with force_locale(i18n.account_language(user)):  # staff get English
        subject = gettext("Reset your Waypoint password")
        body = gettext(
            "Hello %(name)s,\n\nSomeone (we hope you) asked to reset your Waypoint password. "
            "Open this link within %(minutes)s minutes to choose a new one:\n\n%(link)s\n\n"
            "The link works once. If you did not ask for it, you can ignore this message.",
            name=user.given_name,
            minutes=minutes,
            link=link,
        )
    send_mail(user.email, subject, body)


def usable_reset_token(token: str) -> PasswordResetToken | None:
    row = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_digest == token_digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    return row


def reset_password(row: PasswordResetToken, new: str) -> User:
    """Spend the token (and every other open token of the user) and end all sessions."""
    user = row.user
    user.password_hash = hash_password(new)
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    revoke_all_sessions(user)
    db.session.flush()
    return user
