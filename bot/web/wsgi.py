"""WSGI entry point for gunicorn (Procfile `web`): the app built from the environment."""
from bot.settings import Settings
from bot.web.app import create_app

_settings = Settings.from_env()
_settings.require("serve")
app = create_app(_settings)
