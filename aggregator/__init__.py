"""CSPR feed aggregator: harvest partnerships' review pages into one store and publish Atom feeds."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/cspr-feed/cspr-feed"
