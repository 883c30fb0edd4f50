"""Renderers: one module per output format. They format; they never compute."""
