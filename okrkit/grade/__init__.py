"""Grading a class: reading submitted notebooks as data (never running them), grading each one under limits in
worker processes, and writing the gradebook, feedback, Gradescope results and the class report atomically."""

from okrkit.grade.batch import Gradebook, grade_class
from okrkit.grade.one import Graded, Row, grade_submission

__all__ = ["Gradebook", "Graded", "Row", "grade_class", "grade_submission"]
