"""Allow ``python -m pinneberg_analysis``."""

from pinneberg_analysis.cli import run

if __name__ == "__main__":
    run()
