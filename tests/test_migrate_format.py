"""scripts/migrate_format_1_1.py: a format 1.0 document becomes the committed 1.1 one, byte for byte."""

import json
import subprocess
import sys

from newsbench.paths import repo_root
from newsbench.validate import validate_file


def test_migration_reproduces_the_committed_gold(tmp_path):
    for committed in sorted((repo_root() / "corpus" / "gold").glob("*.json")):
        data = json.loads(committed.read_text(encoding="utf-8"))
        data["schema_version"] = "1.0"
        del data["annotated"]
        old = tmp_path / committed.name
        old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, str(repo_root() / "scripts" / "migrate_format_1_1.py"), str(old)],
                             capture_output=True, text=True)
        assert run.returncode == 0 and "migrated 1 of 1" in run.stdout, run.stderr
        assert old.read_bytes() == committed.read_bytes()
        assert validate_file(old, seeds=repo_root() / "corpus" / "seeds").problems == ()
        # a 1.1 document is left as it is
        run = subprocess.run([sys.executable, str(repo_root() / "scripts" / "migrate_format_1_1.py"), str(old)],
                             capture_output=True, text=True)
        assert "migrated 0 of 1" in run.stdout and old.read_bytes() == committed.read_bytes()
