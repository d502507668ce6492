"""The usage ledger: one record per request, durable before the answer is released, reported on later.

``record`` holds :class:`LedgerRecord`; ``spool`` the local append-only files with group-commit sync;
``writer`` the :class:`LedgerWriter` the gateway holds (``record()`` → durable, background batches into
the store); ``store``, ``sqlite`` and ``postgres`` the tables, rollups and queries; ``reports`` the
cost, savings, tier and ROI figures the CLI and the admin API show; ``feedback`` the users' ratings of
answers and ``satisfaction`` the report over them.
"""

from .record import LedgerRecord
from .reports import Report
from .store import LedgerStore, ledger_store, open_ledger_store
from .writer import LedgerWriter

__all__ = ["LedgerRecord", "LedgerStore", "LedgerWriter", "Report", "ledger_store", "open_ledger_store"]
