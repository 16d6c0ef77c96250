"""Accord's own scenario files (YAML or JSON): safe loading, schema, checks, conversion, writing.

The public entry points are re-exported by :mod:`accord.io`.
"""
