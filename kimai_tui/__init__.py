"""kimai-tui: a keyboard-driven terminal time tracker with Kimai's billing rules."""

__version__ = "0.1.0"
