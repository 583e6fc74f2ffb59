"""The .xlsx/.xlsm file backend: python-calamine to read, a part-by-part splice to write."""

from sync.xlsx.backend import XlsxBackend, XlsxOptions

__all__ = ["XlsxBackend", "XlsxOptions"]
