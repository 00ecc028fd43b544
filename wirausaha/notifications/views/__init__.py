"""Notifications' pages: a person's channels and language, "forgot password" by phone, and the
admins' WhatsApp templates and delivery statistics."""
