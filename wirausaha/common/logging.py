import logging

from .masking import mask_text


class MaskPersonalData(logging.Filter):
    """Masks anything that looks like a NIK or a mobile number before a log line is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
