"""newsdesk: a self-hosted news pipeline with a stage manager at its heart."""

__version__ = "0.1.0"
