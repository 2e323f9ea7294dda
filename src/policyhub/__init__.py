"""policyhub: the 2024 policy compilation (总第7期) run as software."""

__version__ = "0.1.0"
