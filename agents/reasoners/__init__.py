"""Reasoner backends (guideline, transformers, openai), their protocol, registry and shared helpers."""
