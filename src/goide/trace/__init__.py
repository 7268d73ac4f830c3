"""`goide trace`: LSP latency from VS Code traces and gopls `-rpc.trace` logs.

The flow: `lsptrace.py` reads each message, `latency.py` pairs requests with answers and computes
the statistics, `view.py` prints them and `plot.py` draws them."""
