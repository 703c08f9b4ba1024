"""Flask app factory: create_app(settings) wires the database, the inbound blueprint and the admin pages."""
from __future__ import annotations

import logging

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from bot import logs
from bot.db.engine import make_engine
from bot.settings import Settings
from bot.web import admin
from bot.web.views import bp, error_response


def create_app(settings: Settings, engine=None, clock=None) -> Flask:
    """Build the web app; `engine` and `clock` may be injected by tests."""
    app = Flask(__name__)
    logs.register_secrets(logs.secret_values(settings))  # the log redaction's safety net knows this process's secrets
    app.config["SETTINGS"] = settings
    app.config["ENGINE"] = engine or make_engine(settings.database_url)
    app.config["MAX_CONTENT_LENGTH"] = None  # we answer 413 ourselves, as JSON
    if clock is not None:
        app.config["CLOCK"] = clock

    app.register_blueprint(bp)
    admin.register(app)  # /admin status pages, only when BOT_ADMIN_USERS or BOT_ADMIN_TRUSTED_HEADER is set

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        # 404/405 and friends also answer JSON, never HTML.
        return error_response(exc.code or 400, exc.name, [exc.description] if exc.description else [])

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logging.getLogger(__name__).exception("unexpected error")
        # Nothing was recorded (the insert is the last step), so the sender may retry safely.
        return error_response(503, "temporarily unable to accept the event", [type(exc).__name__])

    return app
