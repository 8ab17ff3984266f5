"""The parts every subcommand shares: problems printed one per line or as JSON, and the seed options."""

import argparse
import json
import subprocess
import sys

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


def test_a_later_call_imports_with_the_collector_off_then_freezes_what_it_loaded():
    """The command's module loads with the cyclic collector off (its passes would only re-walk the new module
    objects); the collector is on again when the function runs, and what was alive then is frozen out of later
    passes. A fresh interpreter: freezing is for the rest of the process."""
    code = ("import argparse, gc, sys\n"
            "from newsbench.cli_common import Later\n"
            "class Watch:  # is the collector on when colorsys is imported?\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'colorsys':\n"
            "            print('importing, collector on:', gc.isenabled())\n"
            "sys.meta_path.insert(0, Watch())\n"
            "print('frozen before:', gc.get_freeze_count() > 0)\n"
            "gc.disable()\n"
            "Later('gc', 'enable')  # naming a function imports nothing yet\n"
            "gc.enable()\n"
            "try:\n"
            "    Later('colorsys', 'rgb_to_yiq')(argparse.Namespace())  # imported, frozen, then called: 3 arguments\n"
            "except TypeError:\n"
            "    pass\n"
            "print('after, collector on:', gc.isenabled(), 'frozen:', gc.get_freeze_count() > 0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["frozen before: False", "importing, collector on: False",
                                        "after, collector on: True frozen: True"]
