"""The access policy of the pages: see base.py."""

from .base import (
    ANSWER_TAKERS,
    APPLICATION_READERS,
    BUSINESS_STAFF,
    CENTRE_STAFF,
    COACHES,
    COACHING_STAFF,
    COHORT_READERS,
    COUNSELOR_MANAGERS,
    COUNTRY,
    DASHBOARD,
    DEAL_MOVERS,
    DEAL_READERS,
    GRANT_READERS,
    GRIEVANCE_READERS,
    MARKET_READERS,
    NATIONWIDE,
    OFFICERS,
    ONLY_PARTICIPANT,
    PARTICIPANT_READERS,
    PLACEMENT_READERS,
    PORTAL,
    PUBLIC,
    REDIRECT,
    ROLES,
    TEACHERS,
    VERIFIERS,
    P,
    Policy,
    R,
)

# Pages, by URL pattern as Django spells it.
PAGES: dict[str, Policy] = {
    "api/v1/": P(PUBLIC, ok={200, 404}, note="ninja's own root; nothing served there"),
    "api/v1/openapi.json": P(PUBLIC),
    "api/v1/docs": P(PUBLIC),
    "metrics": P(PUBLIC, ok={404}, note="off without METRICS_TOKEN; with it, the token alone (tested)"),
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
    "peserta/saya/data/": P(ONLY_PARTICIPANT),
    "peserta/saya/unduh.json": P(ONLY_PARTICIPANT),
    "peserta/saya/data.pdf": P(ONLY_PARTICIPANT),
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
    "balai/<int:centre_id>/penandatangan/": P(CENTRE_STAFF, "centre"),
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
    # Licensing (#19). The world's businesses: the participant persona's in Kabupaten Bekasi
    # (coached by the counselor persona), with a declared NIB and a PKP item done ("in"); a
    # Balinese participant's ("out"). Counselors see their clients', labour offices their region's.
    "pasar/": P(MARKET_READERS | ONLY_PARTICIPANT, ok={302}),
    "pasar/permintaan/": P(MARKET_READERS),
    "pasar/permintaan/baru/": P({R.MARKET_PARTNER}),
    "pasar/permintaan/<int:pk>/": P(MARKET_READERS, "listing"),
    "pasar/permintaan/<int:pk>/kesepakatan/": P({R.MARKET_PARTNER}, "listing", method="POST", ok={302}),
    "pasar/saya/": P(ONLY_PARTICIPANT),
    "pasar/kesepakatan/": P(DEAL_READERS),
    "pasar/kesepakatan/<int:pk>/": P(DEAL_READERS, "deal"),
    "pasar/kesepakatan/<int:pk>/langkah/": P(DEAL_MOVERS, "deal", method="POST", ok={400}),
    "pasar/laporan/": P(NATIONWIDE),
    "pasar/permintaan/<int:pk>/tutup/": P({R.MARKET_PARTNER}, "listing"),
    # Business-matching events: every market reader and participant sees every event; a registrant
    # their own meetings and agenda; national admins organise; both sides record outcomes.
    "pasar/acara/": P(MARKET_READERS | ONLY_PARTICIPANT),
    "pasar/acara/baru/": P({R.NATIONAL_ADMIN}),
    "pasar/acara/<int:pk>/": P(
        MARKET_READERS | ONLY_PARTICIPANT, "event", sees_out=MARKET_READERS | ONLY_PARTICIPANT
    ),
    "pasar/acara/<int:pk>/daftar/": P(
        {R.MARKET_PARTNER, R.PARTICIPANT, R.NATIONAL_ADMIN},
        "event",
        method="POST",
        ok={302},
        sees_out={R.MARKET_PARTNER, R.PARTICIPANT, R.NATIONAL_ADMIN},
        note="registration closed (scheduled), or nobody chosen: 302 with the reason",
    ),
    "pasar/acara/<int:pk>/minta-bertemu/": P(
        {R.MARKET_PARTNER, R.PARTICIPANT},
        "event",
        method="POST",
        ok={302},
        sees_out=set(),
        note="registrants only; nobody chosen: 302 with the reason",
    ),
    "pasar/acara/<int:pk>/jadwalkan/": P(
        {R.NATIONAL_ADMIN}, "event", method="POST", ok={302}, note="not confirmed: 302, nothing replaced"
    ),
    "pasar/acara/<int:pk>/kirim-agenda/": P({R.NATIONAL_ADMIN}, "event", method="POST", ok={302}),
    "pasar/acara/<int:pk>/agenda-saya/": P({R.MARKET_PARTNER, R.PARTICIPANT}, "event", sees_out=set()),
    "pasar/acara/<int:pk>/agenda/<int:registration>/": P(NATIONWIDE, "registration"),
    "pasar/acara/<int:pk>/meja/<int:table>/": P(NATIONWIDE, "table"),
    "pasar/acara/<int:pk>/hasil/": P(
        MARKET_READERS | ONLY_PARTICIPANT, "event", sees_out=MARKET_READERS | ONLY_PARTICIPANT
    ),
    "usaha/": P(BUSINESS_STAFF | ONLY_PARTICIPANT, ok={302}),
    "usaha/saya/": P(ONLY_PARTICIPANT),
    "usaha/saya/ubah/": P(ONLY_PARTICIPANT),
    "usaha/saya/nib/": P(ONLY_PARTICIPANT),
    "usaha/saya/nib/dokumen/": P(ONLY_PARTICIPANT),
    "usaha/saya/izin/<int:pk>/": P(ONLY_PARTICIPANT, "checklist_item", sees_out=()),
    "usaha/saya/izin/<int:pk>/dokumen/": P(ONLY_PARTICIPANT, "checklist_item", sees_out=()),
    "usaha/daftar/": P(BUSINESS_STAFF),
    "usaha/daftar/<int:pk>/": P(BUSINESS_STAFF, "business"),
    "usaha/daftar/<int:pk>/nib/": P(BUSINESS_STAFF | ONLY_PARTICIPANT, "business"),
    "usaha/izin/<int:pk>/tenggat/": P(
        COACHES, "checklist_item", method="POST", ok={302}, note="no date: cleared (or refused), back"
    ),
    "usaha/izin/<int:pk>/dokumen/": P(BUSINESS_STAFF | ONLY_PARTICIPANT, "checklist_item"),
    "usaha/nib/": P(VERIFIERS),
    "usaha/nib/<int:pk>/": P(VERIFIERS, "business"),
    "usaha/aturan/": P(NATIONWIDE),
    "usaha/aturan/baru/": P({R.NATIONAL_ADMIN}),
    "usaha/aturan/<int:pk>/": P({R.NATIONAL_ADMIN}, "licensing_rule", sees_out={R.NATIONAL_ADMIN}),
    # Complaints (#22): anyone reports and follows with the code (no code in the session: back to
    # the form). The grievance officer persona's desk is West Java: the Bekasi centre's case is
    # "in", the Denpasar centre's "out"; national admins read both.
    "pengaduan/": P(PUBLIC),
    "pengaduan/terkirim/": P(PUBLIC, ok={302}, note="no new code in this session: to the follow form"),
    "pengaduan/lacak/": P(PUBLIC),
    "pengaduan/lacak/kasus/": P(PUBLIC, ok={302}, note="no case followed in this session"),
    "pengaduan/lacak/informasi/": P(PUBLIC, method="POST", ok={302}),
    "pengaduan/lacak/banding/": P(PUBLIC, method="POST", ok={302}),
    "pengaduan/lacak/selesai/": P(PUBLIC, method="POST", ok={302}),
    "pengaduan/antrean/": P(GRIEVANCE_READERS),
    "pengaduan/eskalasi/": P(GRIEVANCE_READERS),
    "pengaduan/kasus/<int:pk>/": P(GRIEVANCE_READERS, "grievance"),
    "pengaduan/kasus/<int:pk>/langkah/": P(GRIEVANCE_READERS, "grievance", method="POST", ok={422}),
    "pengaduan/kasus/<int:pk>/bukti/<int:evidence_id>/": P(GRIEVANCE_READERS, "grievance_evidence"),
    # Public checks, reference data, audit.
    # Finance: applications and referrals (#19). "in": the participant persona's application,
    # coached by the counselor persona, referred to the financing partner persona's organisation;
    # "out": a Balinese participant's, referred to another bank.
    "pembiayaan/": P(APPLICATION_READERS, ok={302}),
    "pembiayaan/pengajuan/": P(APPLICATION_READERS - {R.FINANCING_PARTNER}),
    "pembiayaan/pengajuan/baru/": P(ONLY_PARTICIPANT),
    "pembiayaan/pengajuan/<int:pk>/": P(APPLICATION_READERS, "finance_application"),
    "pembiayaan/pengajuan/<int:pk>/dokumen/": P(
        APPLICATION_READERS, "finance_application", method="POST", ok={422}, note="no file: 422"
    ),
    "pembiayaan/pengajuan/<int:pk>/rujuk/": P(
        COACHES, "finance_application", method="POST", ok={422}, note="no partner: 422"
    ),
    "pembiayaan/pengajuan/<int:pk>/tarik/": P(
        APPLICATION_READERS, "finance_application", method="POST", ok={302}, note="referred: refused, back"
    ),
    "pembiayaan/dokumen/<int:pk>/": P(APPLICATION_READERS, "finance_document"),
    "pembiayaan/rujukan/": P(PORTAL),
    "pembiayaan/rujukan/<int:pk>/": P(APPLICATION_READERS, "finance_referral"),
    "pembiayaan/rujukan/<int:pk>/keputusan/": P(
        {R.FINANCING_PARTNER}, "finance_referral", method="POST", ok={302}, note="no outcome: back"
    ),
    "pembiayaan/rujukan/<int:pk>/kirim-ulang/": P(
        COACHES, "finance_referral", method="POST", ok={302}, note="not asked for documents: refused, back"
    ),
    "pembiayaan/rujukan/<int:pk>/berkas.pdf": P(
        APPLICATION_READERS, "finance_referral", ok={302}, note="drawn after commit: back until then"
    ),
    "pembiayaan/rujukan/<int:pk>/berkas.zip": P(
        APPLICATION_READERS, "finance_referral", ok={302}, note="drawn after commit: back until then"
    ),
    # Programme money (#19): officers of a labour office and national admins propose and decide
    # (another officer's proposals); auditors read; a participant sees their own. "in" is the
    # participant persona's proposal, "out" a Balinese participant's.
    "pembiayaan/produk/": P(ROLES),
    "pembiayaan/hibah/": P(GRANT_READERS | ONLY_PARTICIPANT),
    "pembiayaan/hibah/baru/": P(VERIFIERS),
    "pembiayaan/hibah/persetujuan/": P(VERIFIERS),
    "pembiayaan/hibah/<int:pk>/": P(GRANT_READERS | ONLY_PARTICIPANT, "grant"),
    **{
        f"pembiayaan/hibah/<int:pk>/{tail}/": P(
            VERIFIERS, "grant", method="POST", ok={422}, note="no data: 422", sees_in=VERIFIERS
        )
        for tail in ("putuskan", "cairkan", "laporan")
    },
    "pembiayaan/hibah/<int:pk>/laporan/unduh/": P(
        GRANT_READERS | ONLY_PARTICIPANT, "grant", ok={404}, note="no report yet: 404 for everyone"
    ),
    "pembiayaan/anggaran/": P(GRANT_READERS),
    "pembiayaan/anggaran/rekonsiliasi.xlsx": P(GRANT_READERS),
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
    "akun/saluran/": P(ROLES),
    "akun/lupa-sandi/": P(PUBLIC),
    "akun/lupa-sandi/kode/": P(
        PUBLIC, ok=REDIRECT, note="no code asked for in this session: back to the number"
    ),
    "akun/pesan/templat/": P({R.NATIONAL_ADMIN}),
    "akun/pesan/templat/<int:pk>/status/": P(
        {R.NATIONAL_ADMIN},
        "whatsapp_template",
        method="POST",
        ok={302},
        sees_out={R.NATIONAL_ADMIN},
        note="no status sent: refused with a message, back to the list",
    ),
    "akun/pesan/pengiriman/": P({R.NATIONAL_ADMIN, R.AUDITOR}),
    # Monitoring (#21): the country for the ministry, its partner and auditors, a labour office its
    # region, a centre its trainees. The world's round is on MATRIKS-1 (open now): the participant
    # persona (Bekasi, seated in the Bekasi centre) is "in", the Balinese participant "out".
    "operasi/": P({R.NATIONAL_ADMIN}),
    "operasi/tugas/<uuid:task_id>/ulang/": P({R.NATIONAL_ADMIN}, "failed_task", method="POST", ok={302}),
    "pemantauan/": P(DASHBOARD),
    "pemantauan/ekspor.csv": P(DASHBOARD),
    "pemantauan/ekspor.xlsx": P(DASHBOARD),
    "pemantauan/data-terbuka.csv": P(DASHBOARD),
    "pemantauan/linimasa/": P(ONLY_PARTICIPANT),
    "pemantauan/peserta/<int:pk>/linimasa/": P(DASHBOARD | ONLY_PARTICIPANT, "participant", sees_out=COUNTRY),
    "pemantauan/tindak-lanjut/": P(DASHBOARD),
    "pemantauan/tindak-lanjut/<int:pk>/": P(DASHBOARD, "follow_up_round", sees_out=DASHBOARD),
    "pemantauan/tindak-lanjut/<int:pk>/peserta/<int:participant_id>/": P(
        ANSWER_TAKERS, "follow_up_person", sees_out=COUNTRY - {R.AUDITOR}
    ),
    "pemantauan/tindak-lanjut/<int:pk>/dampak/": P(COUNTRY, "follow_up_round", sees_out=COUNTRY),
    "pemantauan/jawab/<int:participant_id>/<str:token>/": P(PUBLIC, "follow_up_link", sees_out=PUBLIC),
}
