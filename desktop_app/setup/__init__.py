"""Screens for setting up a school from the administration's workstation."""
