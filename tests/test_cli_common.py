"""The parts every subcommand shares: problems printed one per line or as JSON, and the seed options."""

import argparse
import json

from newsbench.cli_common import add_seed_options, print_problems, seeds_option
from newsbench.paths import seeds_dir
from newsbench.problems import problem


def test_problems_go_to_stderr_one_per_line_or_to_stdout_as_json(capsys):
    found = [problem("json-malformed", "a.json", "doc", "/x", "expected JSON, found junk"),
             problem("file-missing", "b.json", None, "", "expected a file, found none")]
    print_problems(found)
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [str(p) for p in found]
    print_problems(found, as_json=True)
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out) == [p.to_json() for p in found]


def test_seed_options_name_a_folder_the_default_or_none(tmp_path):
    parser = argparse.ArgumentParser()
    add_seed_options(parser)
    assert seeds_option(parser.parse_args([])) == seeds_dir()
    assert seeds_option(parser.parse_args(["--seeds", str(tmp_path)])) == tmp_path
    assert seeds_option(parser.parse_args(["--no-seeds"])) is None
