"""Grading for Open Museums Lab: nbgrader configuration, plugins and trainers' commands.

Run ``python -m grading --help`` for the commands.
"""
