"""Adapters that put clinorch inside other projects' harnesses (they import clinorch; nothing imports them)."""
