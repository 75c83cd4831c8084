"""Legal status of a patent on a day: term, office record and US maintenance fees.

* :mod:`~kizuna.domain.status.maintenance`: US maintenance-fee windows
  (35 USC 41(b), 37 CFR 1.362) and the recorded fee events;
* :mod:`~kizuna.domain.status.legal`: the status a list shows as of a date
  (in force / pending / expired / lapsed / unknown), consistent with
  ``patents show``.
"""

from kizuna.domain.status.legal import LegalStatus, legal_status
from kizuna.domain.status.maintenance import (
    FeeEvent,
    FeeWindow,
    MaintenanceStatus,
    maintenance_status,
)

__all__ = [
    "FeeEvent",
    "FeeWindow",
    "LegalStatus",
    "MaintenanceStatus",
    "legal_status",
    "maintenance_status",
]
