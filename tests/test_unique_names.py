"""Test modules need distinct file names: pytest imports them by basename (rootdir-relative
"prepend" mode), and two `test_x.py` in different folders stop the whole run at collection."""

from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique():
    names = Counter(p.name for p in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
