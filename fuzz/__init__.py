"""hypothesis-based fuzz targets for goide's parsers, run by tests/test_*fuzz*.py."""
