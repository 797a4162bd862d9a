"""A held-out corpus for stage 01: hand-written home pages in real outlets' URL and markup habits.

Written without reading the rules or the fixture generator, so the two can't share blind spots
by construction. `build()` returns the pages with their ground truth (see `_page.py`);
`write()` stores them under bench/work/heldout/ for inspection.
"""
