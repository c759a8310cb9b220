"""The bundled demo: load lists, show what changed, screen a few inquiry parties."""

from interdictor.demo.run import DemoReport, run_demo

__all__ = ["DemoReport", "run_demo"]
