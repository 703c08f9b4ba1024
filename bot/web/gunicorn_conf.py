"""Settings of the web process: the Procfile's `web` line (`gunicorn ... -c python:bot.web.gunicorn_conf`) reads this
file, and `migration-bot serve` (bot.web.server.serve) takes the same values from it, overriding only the address.

gunicorn runs WEB_CONCURRENCY worker processes on one socket; each serves HTTP with waitress
(bot.web.server.WaitressWorker), which reads whole requests in an I/O loop before a thread sees them, so clients that
trickle their bodies cannot hold the threads that answer /healthz and the webhooks.
"""
import os
import tempfile

# Prometheus counters live per worker process; a shared directory lets /metrics add them all up.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="migration-bot-metrics-")

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"  # platforms route to every address; `serve --host` narrows it
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "bot.web.server.WaitressWorker"
threads = 8  # application threads per worker; only complete requests reach them
worker_connections = 1000  # open connections per worker (waitress connection_limit), slow ones included
timeout = 30  # a worker whose I/O loop has not checked in for this long is restarted
graceful_timeout = 10
accesslog = None
# gunicorn >= 25.1 opens a control socket at ~/.gunicorn/gunicorn.ctl, shared by every server of the user (a second
# `serve` exiting removes the first one's) and an ERROR line at each start where HOME is not writable: not wanted.
control_socket_disable = True
logger_class = "bot.web.gunicorn_logger.GunicornLogger"  # gunicorn's own lines in LOG_FORMAT too


def child_exit(server, worker):  # noqa: ANN001 - gunicorn's hook signature
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
