"""Server-side sessions behind Flask-Login.

The cookie carries a random token, not the user id. The token names a UserSession row, so
signing out or changing the password revokes it and a copied cookie is refused afterwards.
Idle and absolute lifetimes are checked here on every request.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, select, update

from app.auth.models import User, UserSession, token_digest
from app.db import utcnow
from app.extensions import db, login_manager

# Writing last_seen_at on every request would turn every page view into a write.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def start_session(user: User, remember: bool) -> None:
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, token_digest=token_digest(token), remember=remember)
    )
    user.session_token = token
    login_user(user, remember=remember)


def end_session(user: User) -> None:
    if user.session_token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_digest == token_digest(user.session_token))
            .values(revoked_at=utcnow())
        )
    logout_user()


def revoke_other_sessions(user: User) -> None:
    """After a password change every other session of the user ends."""
    keep = token_digest(user.session_token) if user.session_token else ""
    db.session.execute(
        update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
            UserSession.token_digest != keep,
        )
        .values(revoked_at=utcnow())
    )


def revoke_all_sessions(user: User) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def _expired(row: UserSession) -> bool:
    config = current_app.config
    now = utcnow()
    if row.remember:
        return now - row.created_at > timedelta(days=config["REMEMBER_DAYS"])
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    return now - row.last_seen_at > idle or now - row.created_at > absolute


# Built once: every signed-in request runs it, and building a select costs more than running it.
_SESSION_AND_USER = (
    select(UserSession, User)
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.token_digest == bindparam("digest"), UserSession.revoked_at.is_(None))
)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    row = db.session.execute(_SESSION_AND_USER, {"digest": token_digest(token)}).first()
    if row is None:
        return None
    user_session, user = row
    if _expired(user_session) or not user.is_enabled:
        return None
    now = utcnow()
    if now - user_session.last_seen_at > LAST_SEEN_RESOLUTION:
        db.session.execute(
            update(UserSession).where(UserSession.id == user_session.id).values(last_seen_at=now)
        )
        db.session.commit()
    user.session_token = token
    return user
