from .followups import open_round, send_reminders, submit_answer

__all__ = ["open_round", "send_reminders", "submit_answer"]
