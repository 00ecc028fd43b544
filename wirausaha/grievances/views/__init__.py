"""The complaints' pages: `public` for reporters (no account needed), `officers` for the grievance
officers (and national admins, who read)."""
