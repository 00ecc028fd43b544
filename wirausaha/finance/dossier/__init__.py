"""The referral's dossier for the financing partner: one PDF (applicant, business, plan summary with
the calculator's figures, certificate, mentoring letter, list of documents) and one ZIP of the
uploaded documents with the PDF. `pdf` and `archive` know no Django; `content` gathers the text
from the records and `store` writes both files in the background (tasks.py)."""
