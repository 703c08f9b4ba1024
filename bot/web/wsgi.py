"""WSGI entry point for gunicorn (Procfile `web`): the app built from the environment."""
from bot import logs
from bot.settings import Settings
from bot.web.app import create_app

_settings = Settings.from_env()
_settings.require("serve")
logs.configure(_settings.log_format)
app = create_app(_settings)
