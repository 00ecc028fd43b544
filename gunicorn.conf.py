"""gunicorn's settings (`gunicorn wirausaha.wsgi -c gunicorn.conf.py`); command-line options win.

The access log goes to standard output unless GUNICORN_ACCESS_LOG names a file (or is empty: no
access log); in it, NIKs and phone numbers in URLs are masked as in every other log.
"""

import os

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
logger_class = "wirausaha.common.gunicorn_logging.MaskingLogger"
