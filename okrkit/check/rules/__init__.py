"""The rules, one module per family: key results (OKR1xx), objectives (OKR2xx), sets (OKR3xx), check-ins (OKR4xx)."""

from okrkit.check.rules import checkins, key_result, objective, okr_set

__all__ = ["checkins", "key_result", "objective", "okr_set"]
