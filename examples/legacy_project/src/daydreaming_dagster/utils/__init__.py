"""Shared helpers for assets and scripts."""
