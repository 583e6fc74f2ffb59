"""Live Excel: the workbook a person has open, read and changed in place through xlwings."""

from sync.excel_live.backend import XlwingsBackend

__all__ = ["XlwingsBackend"]
