"""Run the ``clientdesk`` command in-process with captured stdin/stdout/stderr."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from app.cli.main import run


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def invoke(*argv: str, input: str | None = None, env: dict[str, str] | None = None) -> Outcome:
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as (stdout, stderr, _mixed):
        code = run(list(argv))
        return Outcome(code, stdout.getvalue().decode(), stderr.getvalue().decode())
