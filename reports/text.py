"""The one rule for text in exports: mittaristo.safetext (shared with the dashboard's CSV and
XLSX downloads), under the name the report writers import."""

from __future__ import annotations

from mittaristo.safetext import export_text

__all__ = ["export_text"]
