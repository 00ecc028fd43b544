"""Indonesia's three time zones by province code (Kemendagri). No Django import."""

WIB = "WIB"
WITA = "WITA"
WIT = "WIT"

ZONE_NAMES = {WIB: "Asia/Jakarta", WITA: "Asia/Makassar", WIT: "Asia/Jayapura"}

# Sumatra, Java, West and Central Kalimantan: WIB. Bali, Nusa Tenggara, the rest of Kalimantan
# and Sulawesi: WITA. Maluku and Papua: WIT.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_for_region(code: str) -> str:
    """WIB, WITA or WIT for any region code (dotted or a NIK prefix): decided by its province."""
    province = code[:2]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB
