"""Collectors: read the machine into Facts. They gather; they never judge."""
