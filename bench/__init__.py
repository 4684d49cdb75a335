"""Benchmarks: this SDK vs raw httpx (the floor) vs the official ``openai`` package.

``python -m bench`` (``make bench``) runs every benchmark at full size and writes
``bench/results.json``; ``python -m bench --quick`` runs tiny sizes to check they work.
"""
