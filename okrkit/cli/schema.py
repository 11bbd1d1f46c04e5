"""`okrkit schema`: the JSON Schema of the OKR file format, for editors."""

from __future__ import annotations

import argparse
import json

from okrkit.cli.commands import command
from okrkit.read.schema import json_schema


@command("schema", "print the JSON Schema of the OKR file format (for editors)")
def _schema_setup(p: argparse.ArgumentParser):
    def run(args: argparse.Namespace) -> int:
        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0

    return run
