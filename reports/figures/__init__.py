"""Figures: one function per definition of docs/design.md, worked out once per book.

Every tab, the packet and the command line read a figure from here; none computes it again.
"""
