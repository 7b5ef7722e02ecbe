"""lookalike: a self-hostable lookalike Recommendations API with Lusha's wire contract."""

__version__ = "0.1.0"
__all__ = ["__version__"]
