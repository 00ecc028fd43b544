import contextvars
import json
import logging
from datetime import UTC, datetime

from .masking import mask_text

# The id of the request being answered, set by the operations app's middleware; "-" outside one.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Extra fields a log call may add (`extra={...}`) that the JSON line keeps.
_EXTRA_FIELDS = ("route", "status", "duration_ms", "task", "worker_id")


class MaskPersonalData(logging.Filter):
    """Masks anything that looks like a NIK or a mobile number before a log line is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request id, message, and the error's
    traceback if any (masked too). For log collectors; LOG_FORMAT=json in settings."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id.get(),
            "message": record.getMessage(),
        }
        for name in _EXTRA_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["error"] = mask_text(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)
