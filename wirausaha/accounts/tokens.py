"""API token secrets: generated here, stored only as a SHA-256 digest. No Django import."""

import hashlib
import secrets

PREFIX = "wrs_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
