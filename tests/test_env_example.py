"""`.env.example` is where an operator learns every variable Wirausaha reads: each one the settings
read must be named there (set, or commented out with an example)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# env("NAME"...), env_int("NAME"...), env_bool, env_list...: the settings' readers of variables.
READ = re.compile(r"\benv(?:_[a-z]+)?\(\s*\"([A-Z][A-Z0-9_]*)\"")


def test_every_variable_the_settings_read_is_in_the_example():
    read = set(READ.findall((ROOT / "wirausaha" / "settings.py").read_text()))
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))

    assert len(read) > 50  # the pattern finds the settings' readers
    assert sorted(read - named) == []
