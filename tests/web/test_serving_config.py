"""The web process's gunicorn settings, as `serve` hands them over (the Procfile reads the same file)."""
from __future__ import annotations

from bot.settings import Settings
from bot.web.server import _Gunicorn, gunicorn_options


def test_serve_opens_no_gunicorn_control_socket_and_logs_in_the_bots_format(monkeypatch, tmp_path):
    # Importing the gunicorn settings points PROMETHEUS_MULTIPROC_DIR at a new folder when none is set: keep that
    # out of this test process, whose other tests read the metrics in one process.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    # gunicorn >= 25.1 would open ~/.gunicorn/gunicorn.ctl, shared by every server of the user.
    cfg = _Gunicorn(Settings(), gunicorn_options("127.0.0.1", 0)).cfg
    if "control_socket_disable" in cfg.settings:
        assert cfg.control_socket_disable is True
    assert cfg.logger_class.__name__ == "GunicornLogger"
    assert cfg.threads == 8 and cfg.worker_class_str == "bot.web.server.WaitressWorker"
