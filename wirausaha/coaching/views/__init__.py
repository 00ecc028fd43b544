"""Coaching's pages: admins (counselors, assignment runs, change requests), counselors (caseload,
a participant's case, sessions, plan review) and participants (my coaching, my plan)."""
