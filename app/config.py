"""Configuration, read from the environment in one place.

Every environment variable Waypoint understands is read here, so the README's list and the
code cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised at start-up when the environment cannot make a safe configuration."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}.")


def database_url(default_file: Path) -> str:
    """DATABASE_URL, with the postgres:// spelling some hosts hand out mapped to psycopg 3."""
    url = env_str("DATABASE_URL", f"sqlite:///{default_file}")
    assert url is not None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def development_secret_key(instance_dir: Path) -> str:
    """A key generated once and kept in instance/, so restarts keep people signed in."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    ENV_NAME = "development"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "waypoint_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_NAME = "waypoint_remember"

    # CSRF is checked by every FlaskForm's validate(), so a refused form re-renders with the
    # user's input and a message beside it instead of a bare error page.
    WTF_CSRF_CHECK_DEFAULT = False
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    LOGIN_FAILURE_LIMIT = "10 per 15 minutes"

    def __init__(self) -> None:
        """Read the environment when the app is created, not when this module is imported."""
        self.INSTANCE_DIR = Path(env_str("WAYPOINT_INSTANCE_DIR") or Path.cwd() / "instance")
        self.REDIS_URL = env_str("REDIS_URL")
        # Sessions: idle and absolute lifetimes are enforced on the server (auth.sessions).
        self.SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
        self.SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
        self.REMEMBER_DAYS = env_int("REMEMBER_DAYS", 30)
        self.PASSWORD_RESET_MINUTES = env_int("PASSWORD_RESET_MINUTES", 60)
        # Families: invitation links, the PDF cache and batch ZIPs, and a PDF's time limit.
        self.GUARDIAN_INVITATION_DAYS = env_int("GUARDIAN_INVITATION_DAYS", 7)
        self.FAMILY_PDF_DIR = env_str("FAMILY_PDF_DIR")  # unset: <instance dir>/family-pdfs
        self.FAMILY_PDF_TIME_LIMIT = env_int("FAMILY_PDF_TIME_LIMIT", 20)
        self.MAIL_SERVER = env_str("MAIL_SERVER")
        self.MAIL_PORT = env_int("MAIL_PORT", 587)
        self.MAIL_USERNAME = env_str("MAIL_USERNAME")
        self.MAIL_PASSWORD = env_str("MAIL_PASSWORD")
        self.MAIL_USE_TLS = env_bool("MAIL_USE_TLS", True)
        self.MAIL_FROM = env_str("MAIL_FROM", "Waypoint <no-reply@waypoint.invalid>")
        self.SQLALCHEMY_DATABASE_URI = database_url(self.INSTANCE_DIR / "waypoint.sqlite3")
        self.SECRET_KEY = env_str("SECRET_KEY") or self.fallback_secret_key()
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=self.SESSION_ABSOLUTE_HOURS)
        self.REMEMBER_COOKIE_DURATION = timedelta(days=self.REMEMBER_DAYS)

    @property
    def SQLALCHEMY_ENGINE_OPTIONS(self) -> dict[str, object]:
        """A server's connections can drop while pooled, so each is pinged when taken; a SQLite
        file has no connection to drop, and the ping was a query on every request."""
        return {"pool_pre_ping": not self.SQLALCHEMY_DATABASE_URI.startswith("sqlite")}

    def fallback_secret_key(self) -> str:
        return development_secret_key(self.INSTANCE_DIR)


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def fallback_secret_key(self) -> str:
        raise ConfigError(
            "SECRET_KEY is not set. In production Waypoint needs a long random SECRET_KEY "
            "in the environment, for example: "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )


class TestConfig(Config):
    __test__ = False  # not a pytest test class, despite the name

    ENV_NAME = "testing"
    TESTING = True
    SERVER_NAME = "localhost"

    def __init__(self) -> None:
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = env_str("TEST_DATABASE_URL") or (
            f"sqlite:///{self.INSTANCE_DIR / 'test.sqlite3'}"
        )
        self.RATELIMIT_STORAGE_URI = "memory://"

    def fallback_secret_key(self) -> str:
        return "test-secret-key"  # tests write no key file into instance/


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_env() -> Config:
    name = env_str("WAYPOINT_ENV", "development")
    assert name is not None
    if name not in CONFIGS:
        raise ConfigError(f"WAYPOINT_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]()
