"""Held-out replay portals: built from real saved markup and public crawler code of real 年报 columns by a helper
that had not read tests/portals/families (the independent check of issue 8). Evidence is named in each module."""
