"""What can happen in finance. One module per part, imported by its path: `applications` (applying
and the documents), `referrals` (referring to a financing partner), `decisions` (the partner's
outcome), and the programme money's modules (grants, products)."""
