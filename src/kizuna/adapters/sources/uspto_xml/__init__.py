"""USPTO full-text XML: grants and applications, single files and weekly bulk files.

``READER`` is the :class:`~kizuna.adapters.sources.base.SourceReader` the
ingest service uses (format ``uspto-xml``). DTD vintages read:

* ``us-patent-grant`` v4.0 (2004-12-02) to v4.7+ (2005 onwards)
* ``us-patent-application`` v4.0 (2004-12-02) onwards
* ``patent-application-publication`` (``pap`` v1.5/v1.6, 2001-2004)
* ``PATDOC`` (ST.32 v2.4/v2.5 grants, 2001-2004)
"""

from kizuna.adapters.sources.uspto_xml.read import READER, UsptoXmlReader, split_documents

__all__ = ["READER", "UsptoXmlReader", "split_documents"]
