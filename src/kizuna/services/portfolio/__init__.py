"""The portfolio workbench: full-text search, filters, sort and pages over stored patents.

    >>> page = search_portfolio(database=db, query=PortfolioQuery(q="battery", office="JP"))
    ... # doctest: +SKIP
"""

from kizuna.services.portfolio.family import FamilyMember, family_members
from kizuna.services.portfolio.index import refresh_index
from kizuna.services.portfolio.listing import PortfolioPage, search_portfolio
from kizuna.services.portfolio.query import SORT_KEYS, STATUSES, PortfolioQuery, parse_query

__all__ = [
    "SORT_KEYS",
    "STATUSES",
    "FamilyMember",
    "PortfolioPage",
    "PortfolioQuery",
    "family_members",
    "parse_query",
    "refresh_index",
    "search_portfolio",
]
