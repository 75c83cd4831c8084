"""USPTO maintenance-fee event files (``MaintFeeEvents_YYYYMMDD.txt``).

:func:`read_fee_events` reads the file into :class:`~kizuna.domain.status.FeeEvent`
records and a list of refused lines (line number and fault).
"""

from kizuna.adapters.sources.uspto_maintfee.parse import FeeFile, LineFailure, read_fee_events

__all__ = ["FeeFile", "LineFailure", "read_fee_events"]
