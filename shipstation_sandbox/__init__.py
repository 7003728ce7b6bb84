"""A local sandbox of the ShipStation v1 REST API (see README.md)."""

from .sandbox import Sandbox

__all__ = ["Sandbox"]
