"""Showing results without widgets: HTML (escaped, one theme) and text for findings, sets, check results and
lesson exercises. Light on purpose: data classes in lower layers render themselves through it."""
