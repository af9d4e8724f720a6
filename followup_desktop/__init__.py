"""Follow-up Desktop: plan and write strategic follow-ups after job interviews."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("followup-desktop")
except (
    PackageNotFoundError
):  # a source checkout that was never installed, or a bundle without metadata
    __version__ = "0.1.0"

APP_NAME = "Follow-up Desktop"
APP_ID = "followup-desktop"
