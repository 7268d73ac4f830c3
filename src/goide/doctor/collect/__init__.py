"""Doctor probes: each reads one part of the machine into Facts and never judges.

`host.py` (hardware and emulation), `gotool.py` (every go and its env), `tools.py` (the extension's
tools), `vscode.py` (installations), and one module per plug-in area."""
