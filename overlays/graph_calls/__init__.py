"""graph-calls: Microsoft Graph calls and participants for Python."""

__version__ = "0.1.0"
