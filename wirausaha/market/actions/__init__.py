from .deals import advance_deal, next_steps, start_deal
from .events import create_event, register, request_meeting, schedule_event
from .listings import close_listing, save_listing, save_offer
from .matches import refresh_business, refresh_listing
from .meetings import record_outcome, send_agendas

__all__ = [
    "advance_deal",
    "close_listing",
    "create_event",
    "next_steps",
    "record_outcome",
    "refresh_business",
    "refresh_listing",
    "register",
    "request_meeting",
    "save_listing",
    "save_offer",
    "schedule_event",
    "send_agendas",
    "start_deal",
]
