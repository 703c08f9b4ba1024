"""Run the web app under gunicorn from `migration-bot serve` (the Procfile calls gunicorn directly)."""
from __future__ import annotations

import os
import tempfile

from gunicorn.app.base import BaseApplication

from bot.web.app import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(settings, workers: int = 2) -> int:
    # Prometheus counters live per process; a shared directory lets /metrics add up every worker's.
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="migration-bot-metrics-")
    # The app is built after fork (in load) only once per worker: engines must not cross a fork.
    from bot.web import gunicorn_conf  # imported here: importing it sets PROMETHEUS_MULTIPROC_DIR

    options = {"bind": f"0.0.0.0:{settings.port}", "workers": workers, "worker_class": "gthread", "threads": 4,
               "timeout": 30, "graceful_timeout": 10, "accesslog": None, "child_exit": gunicorn_conf.child_exit}

    class Lazy(_Gunicorn):
        def load(self):
            return create_app(settings)

    Lazy(None, options).run()
    return 0
