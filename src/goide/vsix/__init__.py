"""VS Code extension packages (VSIX) checked per platform: `goide vsix inspect` reads the zip
bounded (zipread.py), the manifests (manifest.py) and every native binary inside (natives.py),
and judges the package for a platform and VS Code version (judge.py). Open judge.py first.
"""
