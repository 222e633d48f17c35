"""Writes to projects, case studies, funding, site budgets, awards and practice bases: one
function per action, keyword-only, with ``actor`` and ``ip`` for the audit log."""
