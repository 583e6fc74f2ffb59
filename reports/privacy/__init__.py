"""The disclosure rules for everything that leaves the private workbook.

Scrubbing people out of free text, group labels, small-cell suppression and keyed pseudonyms.
"""
