"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py`.

Each value can be set through the environment (GUNICORN_WORKERS, PORT …).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A worker stuck longer than this is replaced; requests in flight on others go on.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that no slow leak grows without limit.
max_requests = 2000
max_requests_jitter = 200
# Request bodies: the admin's uploads are checked again by the forms
# (10 MB photos, 20 MB documents); the reverse proxy should cap bodies too.
limit_request_line = 8190
limit_request_fields = 100
# One line per request, with status and duration (µs), to stdout, where Django's
# log (errors with their traceback) goes too; gunicorn's own messages (workers
# booted, killed, timed out) to stderr.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True
