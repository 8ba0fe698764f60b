"""Shared pytest configuration. The fixtures live next to the tests that use them:
tests/services/svc_support.py (`world`), tests/cli/cli_support.py (`cli`, `seeded`),
tests/tui/tui_support.py (the TUI's `world`)."""
