"""The only modules that touch libraries' private attributes, one per library.

Each says why, and names the version it was written for; ``tests/test_adapters.py`` fails
loudly when an installed version differs, so an upgrade is a deliberate, checked step.
"""
