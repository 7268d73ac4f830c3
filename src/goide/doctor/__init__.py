"""`goide doctor`: collect the machine into Facts, judge them with pure rules, print findings and fixes.

Open `run.py` first (probes, areas, the command); `facts.py` is the data, `collect/` the probes,
`rules/` the judgement and `install.py` the `--fix` tool installer."""
