"""What leaves the private workbook: the ILT packet and the de-identified copy.

Both are built from figures (`reports.figures`), never read back out of a rendered tab.
"""
