"""The declared access policy of every page and API operation: who may use it, and on which kind
of object. `test_access_matrix.py` lists the routes from the URLconf and the ninja API and fails on
any route missing here, so a new route needs a line before CI passes.

`roles` may use the route at all; the others are refused (anonymous: a redirect to the login
page, or 401 from the API; signed in: 403, or 404 where the app hides what it refuses, its house
rule). For a route that takes an object, `sees_in` are the roles for whom the world's "in" record
(inside the scoped personas' reach) is visible, `sees_out` those for whom the "out" record is;
every other allowed role must get 404, the same answer as for a missing record.
"""

from dataclasses import dataclass, field

from wirausaha.accounts.models import Role

from .world import ANONYMOUS

R = Role
ROLES = frozenset(role.value for role in Role)
PUBLIC = ROLES | {ANONYMOUS}
NATIONWIDE = frozenset({R.NATIONAL_ADMIN, R.AUDITOR})
OFFICERS = frozenset({R.PROVINCIAL_OFFICER, R.REGENCY_OFFICER})
VERIFIERS = OFFICERS | {R.NATIONAL_ADMIN}
PARTICIPANT_READERS = NATIONWIDE | OFFICERS | {R.PARTICIPANT}
PLACEMENT_READERS = NATIONWIDE | OFFICERS | {R.CENTRE_OPERATOR}
COHORT_READERS = NATIONWIDE | {R.CENTRE_OPERATOR, R.TRAINER, R.PARTICIPANT}
CENTRE_STAFF = frozenset({R.NATIONAL_ADMIN, R.CENTRE_OPERATOR})
TEACHERS = CENTRE_STAFF | {R.TRAINER}
ONLY_PARTICIPANT = frozenset({R.PARTICIPANT})
COACHING_STAFF = NATIONWIDE | {R.COUNSELOR}
COACHES = frozenset({R.NATIONAL_ADMIN, R.COUNSELOR})
COUNSELOR_MANAGERS = frozenset({R.NATIONAL_ADMIN, R.MINISTRY_PARTNER})
NO_RECORD = {"pk": 999999}


@dataclass(frozen=True)
class Policy:
    roles: frozenset
    obj: str | None = None  # the kind of object the route's id names (tests/access/world.py)
    method: str = "GET"  # POST for POST-only routes: requested with no data
    ok: frozenset = frozenset({200})  # the allowed role's success
    sees_in: frozenset | None = None  # default: every allowed role
    sees_out: frozenset | None = None  # default: the allowed nationwide roles
    fixed: dict = field(default_factory=dict)  # path arguments that are not objects
    note: str = ""

    def visible(self, role: str, side: str) -> bool:
        if side == "in":
            return role in (self.roles if self.sees_in is None else self.sees_in)
        return role in (self.roles & NATIONWIDE if self.sees_out is None else self.sees_out)


def P(roles, obj=None, **kwargs) -> Policy:
    return Policy(
        frozenset(roles),
        obj,
        **{k: frozenset(v) if k in {"ok", "sees_in", "sees_out"} else v for k, v in kwargs.items()},
    )


REDIRECT = {200, 302}

# Pages, by URL pattern as Django spells it.
PAGES: dict[str, Policy] = {
    "api/v1/": P(PUBLIC, ok={200, 404}, note="ninja's own root; nothing served there"),
    "api/v1/openapi.json": P(PUBLIC),
    "api/v1/docs": P(PUBLIC),
    "": P(ROLES),
    "masuk/": P(PUBLIC, ok=REDIRECT),
    "keluar/": P(PUBLIC, method="POST", ok=REDIRECT),
    "kata-sandi/": P(ROLES),
    "kata-sandi/selesai/": P(ROLES),
    "bahasa/": P(PUBLIC, method="POST", ok={302}),
    # The participant's journey.
    "peserta/saya/status/": P(ONLY_PARTICIPANT),
    "pelatihan/jadwal/": P(ONLY_PARTICIPANT),
    "pelatihan/sertifikat/saya/": P(ONLY_PARTICIPANT),
    # Registry.
    "peserta/": P(NATIONWIDE | OFFICERS),
    "peserta/<int:participant_id>/": P(PARTICIPANT_READERS, "participant"),
    "peserta/<int:participant_id>/bukti/": P(
        PARTICIPANT_READERS, "participant", ok={404}, note="no evidence file uploaded: 404 for all"
    ),
    "peserta/<int:participant_id>/keputusan/": P(
        VERIFIERS, "participant", method="POST", ok={404}, note="no decision posted: 404 for all"
    ),
    "peserta/verifikasi/": P(VERIFIERS),
    "peserta/nik/<int:change_id>/keputusan/": P(VERIFIERS, "nik_change", method="POST", ok=REDIRECT),
    "peserta/saya/": P(ONLY_PARTICIPANT),
    "peserta/daftar/": P(PUBLIC, ok=REDIRECT),
    "peserta/daftar/<int:step>/": P(PUBLIC, ok=REDIRECT, fixed={"step": 1}),
    "peserta/daftar/wilayah/": P(PUBLIC),
    "peserta/daftar/kbli/": P(PUBLIC),
    "peserta/daftar/kode/": P(PUBLIC, ok=REDIRECT, note="no code sent in this session: back to step 1"),
    "peserta/daftar/sandi-baru/": P(
        ROLES, ok=REDIRECT, note="only after a code: otherwise to the status page"
    ),
    "peserta/saya/ubah/": P(ONLY_PARTICIPANT),
    "peserta/saya/nik/": P(ONLY_PARTICIPANT),
    "peserta/saya/unduh.json": P(ONLY_PARTICIPANT),
    "peserta/saya/tarik-persetujuan/": P(ONLY_PARTICIPANT),
    "peserta/impor/": P(VERIFIERS),
    "peserta/impor/templat.xlsx": P(VERIFIERS),
    "peserta/impor/templat.csv": P(VERIFIERS),
    "peserta/impor/<int:job_id>/": P(VERIFIERS, "import_job", sees_in={R.NATIONAL_ADMIN, R.REGENCY_OFFICER}),
    "peserta/impor/<int:job_id>/progres/": P(
        VERIFIERS, "import_job", sees_in={R.NATIONAL_ADMIN, R.REGENCY_OFFICER}
    ),
    "peserta/impor/<int:job_id>/terapkan/": P(
        VERIFIERS, "import_job", ok=REDIRECT, sees_in={R.NATIONAL_ADMIN, R.REGENCY_OFFICER}
    ),
    "peserta/impor/<int:job_id>/kesalahan.csv": P(
        VERIFIERS, "import_job", sees_in={R.NATIONAL_ADMIN, R.REGENCY_OFFICER}
    ),
    "peserta/duplikat/": P(VERIFIERS | {R.AUDITOR}),
    "peserta/duplikat/<int:candidate_id>/": P(VERIFIERS | {R.AUDITOR}, "candidate"),
    "peserta/duplikat/<int:candidate_id>/gabung/": P(VERIFIERS, "candidate", ok={422}, note="no ?keep: 422"),
    "peserta/duplikat/<int:candidate_id>/gabungkan/": P(VERIFIERS, "candidate", method="POST", ok={422}),
    "peserta/duplikat/<int:candidate_id>/berbeda/": P(
        VERIFIERS, "candidate", method="POST", ok=REDIRECT, note="a reason is optional"
    ),
    # Waves: public facts, drafts for national admins.
    "gelombang/": P(ROLES),
    "gelombang/baru/": P({R.NATIONAL_ADMIN}),
    "gelombang/<str:code>/": P(ROLES, "wave", sees_out={R.NATIONAL_ADMIN}),
    "gelombang/<str:code>/daftar/": P(ONLY_PARTICIPANT, "wave", method="POST", ok=REDIRECT, sees_out=()),
    "gelombang/<str:code>/mundur/": P(ONLY_PARTICIPANT, "wave", method="POST", ok=REDIRECT, sees_out=()),
    "gelombang/<str:code>/langkah/<str:step>/": P(
        {R.NATIONAL_ADMIN}, "wave", fixed={"step": "open"}, sees_out={R.NATIONAL_ADMIN}
    ),
    "gelombang/<str:code>/hasil/": P(PUBLIC, "wave", sees_out={R.NATIONAL_ADMIN}),
    # The lottery's publication: public. The world's wave is not closed, so its page shows what is
    # declared so far, and there is no list, result or record of the draw yet (404).
    "gelombang/<str:code>/undian/": P(PUBLIC, "wave", sees_out=(), note="the other wave is a draft: 404"),
    **{
        f"gelombang/<str:code>/undian/{tail}": P(
            PUBLIC, "wave", ok={404}, sees_out=PUBLIC, note="nothing frozen or drawn yet: 404"
        )
        for tail in ("peserta.csv", "hasil.csv", "perubahan.csv", "berita-acara.pdf")
    },
    "gelombang/<str:code>/peserta/": P(
        VERIFIERS, "wave", sees_out={R.NATIONAL_ADMIN}, note="auditors read enrolments through the API only"
    ),
    # Centres and cohorts: centres are public facts to every account.
    "balai/": P(ROLES),
    "balai/<int:centre_id>/": P(ROLES, "centre", sees_out=ROLES),
    "balai/<int:centre_id>/kelas/baru/": P(CENTRE_STAFF, "centre"),
    "balai/kelas/": P(CENTRE_STAFF),
    "balai/kelas/<int:cohort_id>/": P(CENTRE_STAFF, "cohort"),
    "balai/kelas/<int:cohort_id>/ubah/": P(CENTRE_STAFF, "cohort"),
    "balai/kelas/<int:cohort_id>/batalkan/": P(CENTRE_STAFF, "cohort"),
    "balai/program-pelatihan/": P(ROLES),
    # Placement.
    "penempatan/": P(PLACEMENT_READERS),
    "penempatan/gelombang/<str:code>/": P(PLACEMENT_READERS, "wave", sees_out={R.NATIONAL_ADMIN}),
    "penempatan/hasil/<int:pk>/": P(PLACEMENT_READERS, "run", sees_out=NATIONWIDE | OFFICERS),
    "penempatan/hasil/<int:pk>/konfirmasi/": P({R.NATIONAL_ADMIN}, "run", ok=REDIRECT),
    "penempatan/hasil/<int:pk>/batalkan/": P({R.NATIONAL_ADMIN}, "run", ok=REDIRECT),
    "penempatan/hasil/<int:pk>/kelas-baru/": P(PLACEMENT_READERS, "run", sees_out=NATIONWIDE | OFFICERS),
    "penempatan/pindah/<int:pk>/": P({R.NATIONAL_ADMIN}, "placement"),
    # Certificates.
    "pelatihan/sertifikat/": P(CENTRE_STAFF | ONLY_PARTICIPANT, ok=REDIRECT),
    "pelatihan/sertifikat/<str:code>/unduh/": P(CENTRE_STAFF | ONLY_PARTICIPANT, "certificate", ok=REDIRECT),
    "pelatihan/sertifikat/<str:code>/cabut/": P(CENTRE_STAFF, "certificate"),
    # Training.
    "pelatihan/": P(ROLES, ok=REDIRECT),
    "pelatihan/kelas/": P(ROLES, ok=REDIRECT, note="an empty list for roles without cohorts"),
    "pelatihan/kelas/<int:pk>/": P(
        COHORT_READERS,
        "cohort",
        sees_in=COHORT_READERS - ONLY_PARTICIPANT,
        note="the participant has graduated",
    ),
    "pelatihan/kelas/<int:pk>/jadwal/": P(CENTRE_STAFF, "cohort", ok=REDIRECT),
    "pelatihan/kelas/<int:pk>/sesi/tambah/": P(CENTRE_STAFF, "cohort"),
    "pelatihan/kelas/<int:pk>/mulai/": P(CENTRE_STAFF, "cohort", ok=REDIRECT),
    "pelatihan/kelas/<int:pk>/selesai/": P(CENTRE_STAFF, "cohort", ok=REDIRECT),
    "pelatihan/kelas/<int:pk>/penilaian/": P(TEACHERS, "cohort"),
    "pelatihan/kelas/<int:pk>/keluar/<int:enrolment_id>/": P(TEACHERS, "roster"),
    "pelatihan/hari-ini/": P(ROLES, ok=REDIRECT),
    "pelatihan/sesi/<int:pk>/": P(TEACHERS, "session"),
    "pelatihan/sesi/<int:pk>/ubah/": P(CENTRE_STAFF, "session"),
    "pelatihan/sesi/<int:pk>/hapus/": P(CENTRE_STAFF, "session"),
    "pelatihan/sesi/<int:pk>/qr/": P(TEACHERS, "session"),
    "pelatihan/hadir/<str:code>/": P(
        PUBLIC, "checkin_code", ok={200, 302, 400}, sees_out=PUBLIC, note="400: not on this roster"
    ),
    # Coaching (#18). In the world the counselor persona coaches the participant persona ("in");
    # another counselor coaches a Balinese participant ("out"): the counselor persona gets 404 there.
    # National admins and auditors see both; runs and counselors are not personal to one side.
    "pendampingan/": P(COACHING_STAFF | ONLY_PARTICIPANT | {R.MINISTRY_PARTNER}, ok={302}),
    "pendampingan/konselor/": P(NATIONWIDE | {R.MINISTRY_PARTNER}),
    "pendampingan/konselor/baru/": P(COUNSELOR_MANAGERS),
    "pendampingan/konselor/<int:pk>/": P(COUNSELOR_MANAGERS, "counselor", sees_out=COUNSELOR_MANAGERS),
    "pendampingan/penugasan/": P(NATIONWIDE),
    "pendampingan/penugasan/<int:pk>/": P(NATIONWIDE, "coaching_run"),
    "pendampingan/penugasan/<int:pk>/konfirmasi/": P(
        {R.NATIONAL_ADMIN}, "coaching_run", method="POST", ok={302}, note="a discarded run: refused, back"
    ),
    "pendampingan/penugasan/<int:pk>/batalkan/": P(
        {R.NATIONAL_ADMIN}, "coaching_run", method="POST", ok={302}, note="a discarded run: refused, back"
    ),
    "pendampingan/permintaan/": P(NATIONWIDE),
    "pendampingan/permintaan/<int:pk>/": P({R.NATIONAL_ADMIN}, "change_request"),
    "pendampingan/kasus/": P(COACHING_STAFF),
    "pendampingan/kasus/<int:pk>/": P(COACHING_STAFF, "coached"),
    **{
        f"pendampingan/kasus/<int:pk>/{tail}/": P(
            COACHES, "coached", method="POST", ok={302, 422}, note="no data: 422, or a letter issued (302)"
        )
        for tail in ("sesi", "tugas", "tonggak", "surat")
    },
    "pendampingan/kasus/<int:pk>/ganti/": P({R.NATIONAL_ADMIN}, "coached"),
    "pendampingan/kasus/<int:pk>/rencana/": P(COACHING_STAFF, "coached"),
    "pendampingan/kasus/<int:pk>/rencana.pdf": P(
        COACHING_STAFF, "coached", ok={404}, note="no approved plan: 404 for everyone"
    ),
    "pendampingan/kasus/<int:pk>/dokumen/": P(COACHING_STAFF, "coached"),
    "pendampingan/surat/<int:pk>/unduh/": P(
        COACHING_STAFF | ONLY_PARTICIPANT,
        "mentoring_letter",
        ok={302},
        note="the PDF is drawn in the background: back to the documents page until then",
    ),
    "pendampingan/sesi/<int:pk>/": P(COACHING_STAFF, "coaching_session"),
    "pendampingan/tugas/<int:pk>/": P(
        COACHING_STAFF | ONLY_PARTICIPANT, "action_item", method="POST", ok={302}, note="no status: back"
    ),
    "pendampingan/saya/": P(ONLY_PARTICIPANT),
    "pendampingan/saya/ganti/": P(ONLY_PARTICIPANT, method="POST", ok={302}, note="no reason: back"),
    "pendampingan/saya/rencana/": P(ONLY_PARTICIPANT),
    "pendampingan/saya/rencana/kirim/": P(ONLY_PARTICIPANT, method="POST", ok={302}, note="empty: refused"),
    "pendampingan/saya/rencana.pdf": P(ONLY_PARTICIPANT, ok={404}, note="no approved plan drawn yet"),
    "pendampingan/saya/rencana/<slug:key>/": P(ONLY_PARTICIPANT, fixed={"key": "idea"}),
    "pendampingan/saya/dokumen/": P(ONLY_PARTICIPANT),
    # Public checks, reference data, audit.
    "verify/": P(PUBLIC),
    "verify/<str:code>": P(PUBLIC, "certificate", sees_out=PUBLIC),
    "verify/<str:code>/": P(PUBLIC, "certificate", sees_out=PUBLIC),
    "referensi/wilayah/": P(ROLES),
    "referensi/wilayah/<str:code>/": P(ROLES, fixed={"code": "32.16"}),
    "referensi/kbli/": P(ROLES),
    "akun/audit/": P({R.NATIONAL_ADMIN, R.AUDITOR}),
    "akun/kelola/": P({R.NATIONAL_ADMIN}),
    "akun/kelola/baru/": P({R.NATIONAL_ADMIN}),
    "akun/kelola/<int:account_id>/": P({R.NATIONAL_ADMIN}, "account"),
    "akun/organisasi/": P({R.NATIONAL_ADMIN}),
    "akun/atur-sandi/<uidb64>/<token>/": P(
        PUBLIC, fixed={"uidb64": "MQ", "token": "c0ffee-0123456789abcdef"}, note="a link that does not work"
    ),
    "akun/atur-sandi/selesai/": P(PUBLIC),
}

# API operations, as "METHOD /path" below /api/v1.
API: dict[str, Policy] = {
    "GET /health": P(PUBLIC),
    "GET /regions": P(PUBLIC),
    "GET /regions/{code}": P(PUBLIC, fixed={"code": "32.16"}),
    "GET /sectors": P(PUBLIC),
    "GET /me": P(ROLES),
    "POST /participants": P(VERIFIERS, method="POST", ok={422}, note="no body: 422 once allowed"),
    "GET /participants": P(ROLES, note="roles without participants get an empty list"),
    "GET /participants/{participant_id}": P(PARTICIPANT_READERS, "participant"),
    "GET /participants/{participant_id}/export": P(VERIFIERS | ONLY_PARTICIPANT, "participant"),
    "GET /waves": P(ROLES),
    "GET /waves/{code}/enrolments": P(ROLES, "wave", sees_out={R.NATIONAL_ADMIN}),
    "POST /waves/{code}/enrolments": P(
        ROLES,
        "wave",
        method="POST",
        ok={400, 404},
        sees_out={R.NATIONAL_ADMIN},
        note="no body: the participant is refused by the wave's state (400), others name nobody (404)",
    ),
    "GET /waves/{code}/lottery": P(
        PUBLIC, "wave", ok={404}, sees_out=PUBLIC, note="the world's wave has no frozen draw: 404"
    ),
    "GET /waves/{code}/placements": P(PLACEMENT_READERS, "wave", sees_out=(), note="a draft wave has none"),
    "GET /cohorts/{cohort_id}/sessions": P(COHORT_READERS, "cohort"),
    "GET /sessions/{session_id}/attendance": P(COHORT_READERS, "session"),
    "POST /sessions/{session_id}/attendance": P(TEACHERS, "session", method="POST", note="no marks: 200"),
    "GET /certificates/{code}/verify": P(PUBLIC, "certificate", sees_out=PUBLIC),
    "GET /coaching/counselors": P(ROLES, note="an empty list for roles that see no counselor"),
    "GET /coaching/assignments": P(ROLES, note="an empty list outside coaching"),
    "GET /coaching/sessions": P(ROLES, note="an empty list outside coaching"),
    "GET /coaching/plans/{participant_id}": P(COACHING_STAFF | ONLY_PARTICIPANT, "coached"),
    "POST /coaching/plans/{participant_id}/sections/{key}": P(
        ONLY_PARTICIPANT, "coached", method="POST", fixed={"key": "idea"}, ok={200, 400, 422}
    ),
    "POST /coaching/plans/{participant_id}/submit": P(
        ONLY_PARTICIPANT, "coached", method="POST", ok={400, 409, 422}, note="an empty plan is refused"
    ),
    "POST /coaching/plans/{participant_id}/review": P(
        COACHES, "coached", method="POST", ok={422}, note="no decision: 422"
    ),
    "POST /plan-calculator": P(ROLES, method="POST", ok={422}, note="no body: 422"),
}
