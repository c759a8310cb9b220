"""The `interdictor` command: one Typer sub-app per capability, errors turned into exit codes.

Exit codes: 0 done; 1 done, findings need review; 2 usage error; 3 input rejected (nothing
stored); 4 missing or broken reference data, unknown entity or version; 5 store or source
unavailable; 70 internal error (traceback with --debug).
"""

from __future__ import annotations

import os
import sys

import typer

from interdictor.cli.app import app
from interdictor.cli.output import err_console
from interdictor.exc import InputRejected, InterdictorError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; never shows a traceback unless asked to with --debug."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("INTERDICTOR_DEBUG") == "1"
    try:
        code = app(args=args, prog_name="interdictor", standalone_mode=False)
    except typer.Abort:
        err_console.print("aborted")
        code = 130
    except typer.TyperException as exc:
        # Typer bundles its own click: its usage errors arrive here and show themselves.
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        code = getattr(exc, "exit_code", 2)
    except InputRejected as exc:
        err_console.print(f"[bold red]error:[/] {exc.summary}", highlight=False)
        for problem in exc.problems[: exc.max_shown]:
            err_console.print(f"  {problem}", highlight=False, markup=False)
        if len(exc.problems) > exc.max_shown:
            err_console.print(f"  ... and {len(exc.problems) - exc.max_shown} more problems")
        code = exc.exit_code
    except InterdictorError as exc:
        if debug:
            raise
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        code = exc.exit_code
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:
        err_console.print("interrupted")
        code = 130
    except Exception as exc:
        if debug:
            raise
        err_console.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {exc}\n"
            "This is a bug in Interdictor. Run again with --debug to see the traceback, and report it.",
            highlight=False,
        )
        code = 70
    sys.exit(code if isinstance(code, int) else 0)
