"""Offering-migration bot."""
