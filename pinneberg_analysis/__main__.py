"""Allow ``python -m pinneberg_analysis``."""

from pinneberg_analysis.cli import app

if __name__ == "__main__":
    app(prog_name="pinneberg-analysis")
