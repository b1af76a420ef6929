"""Barometer results: aggregation cube (``stats``) and disclosure control (``disclosure``).

Both modules are pure numpy (no Django import) so they can be benchmarked and property-tested alone.
"""
