"""`goide crash`: Go panics, fatal errors, signal dumps and data races found in any log and explained.

The flow: `read.py` reads the log, `traceback.py` parses each crash, `classify.py` names the
kind and the culprit frame, `view.py` prints text, JSON or Markdown."""
