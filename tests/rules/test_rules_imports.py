"""The rules floor must stay light: no Textual, no Peewee, even indirectly."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import kimai_tui.rules as rules
names = [m.name for m in pkgutil.iter_modules(rules.__path__, "kimai_tui.rules.")]
for name in names:
    importlib.import_module(name)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "peewee"))
print(len(names), heavy)
assert not heavy, heavy
assert len(names) >= 10, names
"""


def test_rules_import_neither_textual_nor_peewee():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
