"""Moved to ``organisations.tenancy`` (core imports no app for tenancy any more).

A re-export kept only until ``surveys/views.py`` and ``analytics/views.py`` import ``organisations.tenancy``
(they are being edited on another branch); then this file goes, with its line in ARCHITECTURE.md's rules.
"""

from organisations.tenancy import SESSION_KEY, current_organisation

__all__ = ["SESSION_KEY", "current_organisation"]
