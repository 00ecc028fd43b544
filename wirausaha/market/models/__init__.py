from .buyers import Buyer, Listing, Match, Offer
from .deals import Deal
from .events import Event, Meeting, MeetingRequest, Registration

__all__ = ["Buyer", "Deal", "Event", "Listing", "Match", "Meeting", "MeetingRequest", "Offer", "Registration"]
