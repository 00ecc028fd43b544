"""gunicorn's logger with the access log masked: officers' and partners' searches put NIKs and
phone numbers in URLs. Used by gunicorn.conf.py; no Django import."""

from gunicorn.glogging import Logger

from .logging import MaskPersonalData


class MaskingLogger(Logger):
    def __init__(self, cfg):
        super().__init__(cfg)
        self.access_log.addFilter(MaskPersonalData())
        self.error_log.addFilter(MaskPersonalData())
