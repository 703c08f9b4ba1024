"""WSGI entry point for gunicorn (Procfile `web`): the app built from the environment."""
from bot.web.app import create_app
from bot.settings import Settings

_settings = Settings.from_env()
_settings.require("serve")
app = create_app(_settings)
