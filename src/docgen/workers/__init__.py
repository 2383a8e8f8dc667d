"""The worker sandbox: running a function over items in forked worker processes, each
under a time limit and a memory ceiling (pool.py). Used by inspect, extract, lint and
the template engine, so that a hostile file or template costs one failure, not the run.
"""
