"""Admin status pages under /admin (cases, one case, dead letters), in the web process; see views.py.

They exist only when BOT_ADMIN_USERS or BOT_ADMIN_TRUSTED_HEADER is set: otherwise the blueprint is not registered
and every /admin URL answers 404 like any unknown path.
"""
from __future__ import annotations

from flask import Flask

from bot.errors import ConfigError
from bot.web.admin.auth import configure_app, enabled, hash_password, verify_password


def register(app: Flask) -> bool:
    """Add the admin pages to `app` when configured; True when they were added."""
    settings = app.config["SETTINGS"]
    if not enabled(settings):
        return False
    if settings.admin_users and not settings.secret_key:
        raise ConfigError("BOT_SECRET_KEY: required when BOT_ADMIN_USERS is set (it signs the admin session cookie)")
    from bot.web.admin.views import bp

    configure_app(app)
    app.register_blueprint(bp)
    return True


__all__ = ["hash_password", "register", "verify_password"]
