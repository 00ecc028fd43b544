from django.urls import path

from .views import applications, grants, partner

app_name = "finance"
urlpatterns = [
    path("", applications.index, name="index"),
    # Applications: participants, their counselors, national admins and auditors.
    path("pengajuan/", applications.application_list, name="application_list"),
    path("pengajuan/baru/", applications.application_start, name="application_start"),
    path("pengajuan/<int:pk>/", applications.application_detail, name="application_detail"),
    path("pengajuan/<int:pk>/dokumen/", applications.document_upload, name="document_upload"),
    path("pengajuan/<int:pk>/rujuk/", applications.application_refer, name="application_refer"),
    path("pengajuan/<int:pk>/tarik/", applications.application_withdraw, name="application_withdraw"),
    path("dokumen/<int:pk>/", applications.document_download, name="document_download"),
    # Referrals: the partner portal (financing partners; national admins and auditors read).
    path("rujukan/", partner.referral_list, name="referral_list"),
    path("rujukan/<int:pk>/", partner.referral_detail, name="referral_detail"),
    path("rujukan/<int:pk>/keputusan/", partner.referral_decide, name="referral_decide"),
    path("rujukan/<int:pk>/kirim-ulang/", applications.referral_resend, name="referral_resend"),
    path("rujukan/<int:pk>/berkas.pdf", partner.dossier_pdf, name="dossier_pdf"),
    path("rujukan/<int:pk>/berkas.zip", partner.dossier_zip, name="dossier_zip"),
    # Products, and programme money (grants, equipment aid): officers propose, another decides.
    path("produk/", grants.product_list, name="product_list"),
    path("hibah/", grants.proposal_list, name="grant_list"),
    path("hibah/baru/", grants.proposal_create, name="grant_create"),
    path("hibah/persetujuan/", grants.approval_queue, name="grant_queue"),
    path("hibah/<int:pk>/", grants.proposal_detail, name="grant_detail"),
    path("hibah/<int:pk>/putuskan/", grants.proposal_decide, name="grant_decide"),
    path("hibah/<int:pk>/cairkan/", grants.proposal_disburse, name="grant_disburse"),
    path("hibah/<int:pk>/laporan/", grants.proposal_report, name="grant_report"),
    path("hibah/<int:pk>/laporan/unduh/", grants.report_download, name="grant_report_download"),
    path("anggaran/", grants.budget_list, name="budget_list"),
    path("anggaran/rekonsiliasi.xlsx", grants.reconciliation_xlsx, name="reconciliation_xlsx"),
]
