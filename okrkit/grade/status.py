"""The one status vocabulary of a gradebook row (issue 12): graded, graded but look, not graded, not submitted."""

OK = "ok"
NEEDS_REVIEW = "needs_review"
ERROR = "error"
MISSING = "missing"
