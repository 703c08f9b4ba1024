"""gunicorn's own lines (start-up, workers booting and exiting) in the bot's log format.

gunicorn logs through its own handlers on `gunicorn.error` / `gunicorn.access` (propagation off), so without this
a LOG_FORMAT=json web process would mix its plain lines among the JSON ones. Named by the `logger_class` setting.
"""
from __future__ import annotations

from gunicorn.glogging import Logger

from bot import logs


class GunicornLogger(Logger):
    """gunicorn's Logger with the bot's formatter (text or JSON, redacted) and case filter on its handlers."""

    def setup(self, cfg) -> None:  # noqa: ANN001 - gunicorn's Config
        super().setup(cfg)
        formatter = logs.formatter(logs.chosen_format())
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
                if not any(isinstance(f, logs.CaseFilter) for f in handler.filters):
                    handler.addFilter(logs.CaseFilter())
