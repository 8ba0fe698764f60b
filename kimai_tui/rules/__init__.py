"""The rules engine: Kimai's time-tracking semantics as pure Python.

Durations, rounding, rates, billable, budgets, running limits, tracking modes, validation,
lockdown, permissions and search terms. Nothing here knows Peewee, Textual or the clock: the
caller passes `now` in and gets plain values or dataclasses back.

Import the submodule you need (`from kimai_tui.rules.durations import parse_duration`). This
package re-exports nothing, so importing it stays cheap for the command line, which loads it
on every run.
"""
