"""``make bench``: graph-calls against raw httpx and Microsoft's msgraph-sdk, measured side by side.

``bench/run.py`` is the entry point (``lineup.py`` says who runs, ``bursts.py`` runs the burst matrix and the
memory per tracked call, ``report.py`` renders the result); ``bench/server.py`` is the local Graph stand-in
the contenders call; ``bench/contenders/`` holds the scripts each contender runs in its own process (and
virtualenv).
"""
