"""The dashboard at ``/ui``: server-rendered pages over the ledger, keys, experiments and audit stores.

Read-only, behind the admin key (a login form answered with a signed session cookie); no JavaScript,
no external assets: the CSS ships in the package and the charts are inline SVG rendered here.
"""

from .routes import dashboard_routes

__all__ = ["dashboard_routes"]
