"""Plain words for screening results, as the participant and the officer read them."""

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import eligibility as e


def describe_rule(kind: str, params, label: str, *, opening_day: date | None = None) -> str:
    """A wave's condition in words, with its parameters; `label` (the kind's name) when the
    parameters are not usable yet (a draft being written). With the wave's `opening_day` the
    layoff rule names its dates."""
    try:
        if kind == e.LAID_OFF_WITHIN_MONTHS and opening_day is not None:
            return _(
                "Laid off between %(earliest)s and %(opening)s, the day the wave opens (%(months)s months)"
            ) % {
                "earliest": _day(e.months_before(opening_day, params["months"])),
                "opening": _day(opening_day),
                "months": params["months"],
            }
        if kind == e.LAID_OFF_WITHIN_MONTHS:
            return _("Laid off within %(months)s months before the wave opens") % {"months": params["months"]}
        if kind == e.AGE_BETWEEN:
            return _("Aged %(min)s to %(max)s on the opening day") % {
                "min": params["min"],
                "max": params["max"],
            }
        if kind == e.JKP_RECIPIENT:
            return (
                _("Receives the JKP benefit")
                if params["required"] is True
                else _("Does not receive the JKP benefit")
            )
        if kind == e.LONG_UNEMPLOYED:
            return _("Unemployed longer than %(months)s months") % {"months": params["months"]}
    except (KeyError, TypeError):
        pass
    return str(label)


# Rules whose result is only passed or failed: the sentence for each case.
YES_NO = {
    e.DOMICILE_IN_WAVE_REGIONS: (
        gettext_lazy("You live in one of the wave's regions."),
        gettext_lazy("You do not live in one of the regions of this wave."),
    ),
    e.VERIFIED: (
        gettext_lazy("The labour office has verified your data."),
        gettext_lazy("The labour office has not verified your data yet."),
    ),
    e.EVIDENCE_PRESENT: (
        gettext_lazy("Your layoff letter is uploaded."),
        gettext_lazy("Upload your layoff letter (surat PHK)."),
    ),
    e.NOT_GRADUATED_BEFORE: (
        gettext_lazy("You have not graduated from an earlier wave."),
        gettext_lazy("You graduated from an earlier wave already."),
    ),
    e.NOT_IN_OTHER_OPEN_WAVE: (
        gettext_lazy("You are not in another open wave."),
        gettext_lazy("You are enrolled in another open wave."),
    ),
}


def _day(value) -> str:
    """An ISO date from a verdict's values as Indonesian text reads it ("1 November 2025")."""
    return date_format(date.fromisoformat(value) if isinstance(value, str) else value, "j F Y")


def explain(
    result: e.RuleResult, *, region_names: Mapping[str, str] | None = None, wave_regions: Sequence[str] = ()
) -> str:
    """One rule's result in words: the condition the wave sets and the person's own value, dates as
    Indonesian text writes them. With `region_names` (code -> name of the wave's regions and of the
    person's province and regency) the domicile rule names the places."""
    v = result.values
    if result.kind == e.LAID_OFF_WITHIN_MONTHS:
        if v.get("layoff_date") is None:
            return _("Your layoff date is not recorded.")
        days = {
            "layoff": _day(v["layoff_date"]),
            "earliest": _day(v["earliest"]),
            "opening": _day(v["opening_day"]),
            "months": v["months"],
        }
        if result.passed:
            return (
                _(
                    "You were laid off on %(layoff)s: the wave takes layoffs from %(earliest)s to "
                    "%(opening)s, the day it opened (%(months)s months)."
                )
                % days
            )
        if v["layoff_date"] > v["opening_day"]:
            return (
                _(
                    "You were laid off on %(layoff)s, after the wave opened on %(opening)s: it takes "
                    "layoffs from %(earliest)s to %(opening)s only."
                )
                % days
            )
        return (
            _(
                "You were laid off on %(layoff)s, before %(earliest)s: the wave takes layoffs from "
                "%(earliest)s to %(opening)s, the day it opened (%(months)s months)."
            )
            % days
        )
    if result.kind == e.AGE_BETWEEN:
        if result.passed:
            return _("Your age (%(age)s) is between %(min)s and %(max)s.") % v
        return _("The wave is for ages %(min)s to %(max)s; on the opening day you were %(age)s.") % v
    if result.kind == e.DOMICILE_IN_WAVE_REGIONS and region_names is not None:
        place = region_names.get(v["domicile"][:5]) or region_names.get(v["domicile"][:2]) or v["domicile"]
        if result.passed:
            return _("You live in %(place)s, one of the wave's regions.") % {"place": place}
        return _("You live in %(place)s; the wave is for %(regions)s.") % {
            "place": place,
            "regions": ", ".join(region_names.get(code, code) for code in wave_regions),
        }
    if result.kind in YES_NO:
        passed, failed = YES_NO[result.kind]
        return str(passed if result.passed else failed)
    if result.kind == e.JKP_RECIPIENT:
        if v.get("jkp_recipient") is None:
            return _("It is not recorded whether you receive the JKP benefit.")
        if v.get("required"):
            if result.passed:
                return _("The wave is for JKP benefit recipients, and you receive it.")
            return _("The wave is for JKP benefit recipients; you do not receive it.")
        if result.passed:
            return _("The wave is for people without the JKP benefit, and you do not receive it.")
        return _("The wave is for people without the JKP benefit; you receive it.")
    return result.kind


# The lottery's algorithm (v2) in plain words, published in both languages at once (not translated
# per request: the JSON record carries both).
ALGORITHM_TEXT = {
    "en": (
        "1. When the wave opens, it declares which public value will make the lottery random and from "
        "when it is published (after the end of the closing day, WIB). "
        "2. When the wave closes, the list of eligible entrants is frozen and published: each entrant's "
        "lottery id, quota and priority level (1 = highest priority; levels come from the priority "
        "points, which are not published). The seats per quota and the unused-seats rule are frozen "
        "with it. The entrants digest is sha256 of the lines 'algorithm;sha256-stratified-v2', "
        "'wave;CODE', 'move_unused_seats;1 or 0', 'seats;QUOTA;N' by quota, and "
        "'entrant;QUOTA;ID;LEVEL' by quota and id, each ending in a newline. "
        "3. After the publication time the public value is entered once; a mistake is corrected only "
        "by a published correction before the draw. The seed is sha256 of "
        "'sha256-stratified-v2\\nCODE\\nENTRANTS_DIGEST\\nVALUE' (runs of spaces in the value count as "
        "one). "
        "4. Within each quota, entrants are ordered by priority level, then by sha256('SEED:ID') in "
        "hexadecimal, lowest first; the first N (the quota's seats) are selected, the others wait in "
        "that order (their rank). "
        "5. Unused seats: when the wave moves them (move_unused_seats = 1), seats a quota could not "
        "fill go to people waiting in any quota, in order of priority level then sha256('SEED:ID'); "
        "the donor quotas' seats are handed out in the order of their codes. Otherwise they stay empty. "
        "6. The results digest is sha256 of the lines 'QUOTA;RANK;ID;LEVEL;S or W;SEAT_QUOTA' sorted "
        "by quota and rank. "
        "7. After the draw every change is logged in public: a selected person who withdraws before "
        "training starts frees a seat in their quota (seat_freed), which goes to the first person "
        "still waiting in that quota by rank ('promoted')."
    ),
    "id": (
        "1. Saat gelombang dibuka, diumumkan nilai publik mana yang membuat undian acak dan sejak kapan "
        "nilai itu terbit (setelah akhir hari penutupan, WIB). "
        "2. Saat gelombang ditutup, daftar peserta undian yang memenuhi syarat dibekukan dan "
        "diumumkan: ID undian, kuota dan tingkat prioritas setiap peserta (1 = prioritas tertinggi; "
        "tingkat berasal dari poin prioritas, yang tidak diumumkan). Kursi per kuota dan aturan kursi "
        "tak terpakai ikut dibekukan. Digest peserta adalah sha256 dari baris "
        "'algorithm;sha256-stratified-v2', 'wave;KODE', 'move_unused_seats;1 atau 0', "
        "'seats;KUOTA;N' per kuota, dan 'entrant;KUOTA;ID;TINGKAT' menurut kuota dan ID, masing-masing "
        "diakhiri baris baru. "
        "3. Setelah waktu terbit, nilai publik dimasukkan satu kali; kesalahan hanya diperbaiki lewat "
        "koreksi yang diumumkan sebelum undian. Seed adalah sha256 dari "
        "'sha256-stratified-v2\\nKODE\\nDIGEST_PESERTA\\nNILAI' (spasi berturut-turut dihitung satu). "
        "4. Dalam setiap kuota, peserta diurutkan menurut tingkat prioritas, lalu menurut "
        "sha256('SEED:ID') heksadesimal, terkecil dahulu; N pertama (kursi kuota) terpilih, sisanya "
        "masuk daftar tunggu dalam urutan itu (peringkatnya). "
        "5. Kursi tak terpakai: bila gelombang memindahkannya (move_unused_seats = 1), kursi yang tidak "
        "terisi di suatu kuota diberikan kepada yang menunggu di kuota mana pun, menurut tingkat "
        "prioritas lalu sha256('SEED:ID'); kursi kuota pemberi dibagikan menurut urutan kodenya. Bila "
        "tidak, kursi itu tetap kosong. "
        "6. Digest hasil adalah sha256 dari baris 'KUOTA;PERINGKAT;ID;TINGKAT;S atau W;KUOTA_KURSI' "
        "menurut kuota dan peringkat. "
        "7. Setelah undian setiap perubahan dicatat terbuka: peserta terpilih yang mundur sebelum "
        "pelatihan dimulai membebaskan satu kursi di kuotanya (seat_freed), yang diberikan kepada orang "
        "pertama yang masih menunggu di kuota itu menurut peringkat ('promoted')."
    ),
}
