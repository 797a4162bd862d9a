"""Plumbing shared by every domain: errors, time, pagination."""
