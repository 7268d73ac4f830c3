"""What many capabilities share: findings and their view, errors, redaction, the JSON writer, safe
text and safe writes, the bounded line reader, processes with deadlines and the LSP transport.

Nothing here imports a capability. Open `model.py` (Finding, Severity) and `errors.py` first."""
